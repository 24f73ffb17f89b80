#pragma once

// The ticker-like stream events, byte for byte as Binance pushes them, from
// the replayed market: @ticker (24hrTicker over the rolling 24 h),
// @miniTicker (24hrMiniTicker), @bookTicker (the REST bookTicker's book) and
// @markPrice (markPriceUpdate, premiumIndex's numbers). Spot and futures
// differ: futures tickers lack x/b/B/a/A, futures bookTicker adds e/T/E.

#include "tools/exchange-sim/kline.hpp"
#include "tools/exchange-sim/streams.hpp"

#include <string>

namespace tn::sim {

/// {"e":"24hrTicker","E":..,"s":..,"p":..,"P":..,"w":..,["x":..,]"c":..,"Q":..,
/// ["b":..,"B":..,"a":..,"A":..,]"o":..,"h":..,"l":..,"v":..,"q":..,"O":..,"C":..,
/// "F":..,"L":..,"n":..}; `day` as rolling_window makes it.
std::string render_ticker_event(const kline_series& s, const kline& day, int64_t event_time,
                                bool futures);

/// {"e":"24hrMiniTicker","E":..,"s":..,"c":..,"o":..,"h":..,"l":..,"v":..,"q":..}
std::string render_mini_ticker_event(const kline_series& s, const kline& day, int64_t event_time);

/// Spot {"u":..,"s":..,"b":..,"B":..,"a":..,"A":..}; futures
/// {"e":"bookTicker","u":..,"s":..,"b":..,"B":..,"a":..,"A":..,"T":..,"E":..}
/// (the key order of a captured live futures event). `update_id`: u.
std::string render_book_ticker_event(const kline_series& s, units price, int64_t update_id,
                                     int64_t event_time, bool futures);

/// {"e":"markPriceUpdate","E":..,"s":..,"p":..,"i":..,"P":..,"r":..,"T":..}
std::string render_mark_price_event(const kline_series& s, units price, int64_t event_time);

/// The event stream `kind` pushes when bar `bar` of `s` reached `partial`
/// at market time `event_time`. The book's update id is the event time, so
/// it grows with every update of the symbol.
std::string render_feed_event(feed_kind kind, const kline_series& s, size_t bar,
                              const kline& partial, int64_t event_time, bool futures);

} // namespace tn::sim
