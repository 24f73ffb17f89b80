#pragma once

// WebSocket market streams: which streams a connection gets (from its URL and
// its SUBSCRIBE/UNSUBSCRIBE frames) and how events are framed for it.

#include "tools/exchange-sim/interval.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// A kline stream a client asked for.
struct kline_subscription {
  std::string stream; // "btcusdt@kline_1m"
  std::string symbol; // "BTCUSDT"
  kline_interval span;
};

/// Parses "<symbol>@kline_<interval>" (lowercase symbol); nullopt for any
/// other stream or an interval the simulator does not serve.
std::optional<kline_subscription> parse_kline_stream(std::string_view name);

/// The ticker-like streams the simulator feeds besides klines.
enum class feed_kind { ticker, mini_ticker, book_ticker, mark_price };

/// A ticker-like stream: one symbol's ("btcusdt@ticker") or every symbol's
/// ("!ticker@arr", "!miniTicker@arr", "!bookTicker", "!markPrice@arr").
struct feed_subscription {
  std::string stream;
  std::string symbol; // "BTCUSDT"; empty for an all-market stream
  feed_kind kind = feed_kind::ticker;

  /// All-market ticker streams send arrays; !bookTicker sends single events.
  bool array() const { return symbol.empty() && kind != feed_kind::book_ticker; }
};

/// Parses "<symbol>@ticker", "@miniTicker", "@bookTicker", "@markPrice",
/// "@markPrice@1s" and the all-market forms; nullopt for anything else.
std::optional<feed_subscription> parse_feed_stream(std::string_view name);

/// The path a connection came in on. Binance's futures streams are split:
/// /public carries @bookTicker (and depth), /market the rest (klines, mark
/// price, tickers); a stream subscribed on the other route is acknowledged
/// and stays silent. The unprefixed /ws and /stream carry everything, spot
/// shapes for the tickers.
enum class stream_route { plain, futures_market, futures_public };

/// One connection's subscriptions and its "combined" property.
class stream_session {
public:
  /// From the upgrade target: "/ws", "/ws/<stream>[/<stream>..]" (raw) or
  /// "/stream?streams=<stream>/<stream>" (combined), after an optional
  /// prefix "/market" or "/public" (the futures routes); any other path
  /// starts raw and empty.
  explicit stream_session(std::string_view target);

  bool combined() const { return combined_; }
  stream_route route() const { return route_; }
  /// Futures payloads (the /market and /public routes).
  bool futures() const { return route_ != stream_route::plain; }

  /// Every subscribed stream name, in subscription order.
  const std::vector<std::string>& streams() const { return streams_; }

  /// The subscribed kline streams, the ones the simulator feeds.
  const std::vector<kline_subscription>& klines() const { return klines_; }

  /// The subscribed ticker-like streams this route carries.
  const std::vector<feed_subscription>& feeds() const { return feeds_; }

  /// Answers a control frame (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS,
  /// SET_PROPERTY, GET_PROPERTY): {"result":..,"id":..} or {"code":..,"msg":..}.
  std::string on_frame(std::string_view text);

  /// `event` as this connection receives it from `stream`.
  std::string frame(std::string_view stream, std::string_view event) const;

private:
  void subscribe(std::string_view name);
  void unsubscribe(std::string_view name);

  bool combined_ = false;
  stream_route route_ = stream_route::plain;
  std::vector<std::string> streams_;
  std::vector<kline_subscription> klines_;
  std::vector<feed_subscription> feeds_;
};

} // namespace tn::sim
