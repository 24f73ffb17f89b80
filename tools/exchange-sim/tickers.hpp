#pragma once

// Ticker statistics from the replayed bars: /api/v3/ticker/24hr and
// /fapi/v1/ticker/24hr (the rolling 24 h up to market time now, the bar in
// progress included as far as its updates have gone), and
// /api/v3/ticker/bookTicker (a one-tick spread around the current price).

#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/market.hpp"
#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/rest.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tn::sim {

/// The rolling 24 h ending at market time `now` as one bar: the bars before
/// bar `bar` that opened within it, then `partial` (bar `bar` as far as its
/// updates have gone). Open time: the window's start or its first bar's.
kline rolling_window(const kline_series& s, size_t bar, const kline& partial, int64_t now);

/// A 24 h window's statistics as Binance states them.
struct day_stats {
  units change = 0;     // close - open, at the price scale
  units change_pct = 0; // at 3 decimals
  units vwap = 0;       // at the price scale
};

day_stats stats_of(const kline_series& s, const kline& day);

/// The simulator's book at `price`: the best bid at the price, the best ask
/// one tick above, one lot on each side (REST and streams alike).
struct book_quote {
  units bid = 0;
  units bid_qty = 0;
  units ask = 0;
  units ask_qty = 0;
};

book_quote quote_at(const kline_series& s, units price);

/// The series named by symbol= (required if `required`), or every served
/// one; the error reply for a bad symbol.
std::optional<http_reply> pick_series(const market& m, const exchange_info& info,
                                      const request_target& t, bool required,
                                      std::vector<const kline_series*>& out);

/// One JSON object per picked series (symbol=, or every served one) with a
/// price now, made by `item(series, price)`: the object for symbol=, else
/// an array of them.
http_reply price_items(const market& m, const exchange_info& info, const request_target& t,
                       const rest_context& ctx,
                       const std::function<std::string(const kline_series&, units)>& item);

/// GET ticker/24hr; `futures` writes the futures shape (no bid/ask, no
/// prevClosePrice).
http_reply ticker_24hr_reply(const market& m, const exchange_info& info, const request_target& t,
                             const rest_context& ctx, bool futures);

/// GET /api/v3/ticker/bookTicker (and /fapi/v1/ticker/bookTicker).
http_reply book_ticker_reply(const market& m, const exchange_info& info, const request_target& t,
                             const rest_context& ctx, bool futures);

} // namespace tn::sim
