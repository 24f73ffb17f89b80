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
#include <string_view>
#include <string>
#include <vector>

namespace tn::sim {

/// The rolling 24 h ending at market time `now` as one bar: the bars before
/// bar `bar` that opened within it, then `partial` (bar `bar` as far as its
/// updates have gone). Open time: the window's start or its first bar's.
kline rolling_window(const kline_series& s, size_t bar, const kline& partial, int64_t now);

/// The names of the 24 h statistics: REST's ticker/24hr or the @ticker
/// stream's letters.
struct day_keys {
  std::string_view change, change_pct, vwap, prev_close, last, last_qty, bid, bid_qty, ask,
    ask_qty, open, high, low, volume, quote_volume, open_time, close_time, first_id, last_id, count;
};

inline constexpr day_keys rest_day_keys{
  "priceChange", "priceChangePercent", "weightedAvgPrice", "prevClosePrice", "lastPrice",
  "lastQty",     "bidPrice",           "bidQty",           "askPrice",       "askQty",
  "openPrice",   "highPrice",          "lowPrice",         "volume",         "quoteVolume",
  "openTime",    "closeTime",          "firstId",          "lastId",         "count"};

inline constexpr day_keys stream_day_keys{"p", "P", "w", "x", "c", "Q", "b", "B", "a", "A",
                                          "o", "h", "l", "v", "q", "O", "C", "F", "L", "n"};

/// Appends the statistics of `day` (as rolling_window makes it) to the
/// object `out` is building, in Binance's order, named by `keys`; futures
/// state no previous close and no book.
void append_day(std::string& out, const kline_series& s, const kline& day, bool futures,
                const day_keys& keys);

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
