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

/// One connection's subscriptions and its "combined" property.
class stream_session {
public:
  /// From the upgrade target: "/ws", "/ws/<stream>[/<stream>..]" (raw) or
  /// "/stream?streams=<stream>/<stream>" (combined), after an optional
  /// prefix such as "/market"; any other path starts raw and empty.
  explicit stream_session(std::string_view target);

  bool combined() const { return combined_; }

  /// Every subscribed stream name, in subscription order.
  const std::vector<std::string>& streams() const { return streams_; }

  /// The subscribed kline streams, the ones the simulator feeds.
  const std::vector<kline_subscription>& klines() const { return klines_; }

  /// Answers a control frame (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS,
  /// SET_PROPERTY, GET_PROPERTY): {"result":..,"id":..} or {"code":..,"msg":..}.
  std::string on_frame(std::string_view text);

  /// `event` as this connection receives it from `stream`.
  std::string frame(std::string_view stream, std::string_view event) const;

private:
  void subscribe(std::string_view name);
  void unsubscribe(std::string_view name);

  bool combined_ = false;
  std::vector<std::string> streams_;
  std::vector<kline_subscription> klines_;
};

} // namespace tn::sim
