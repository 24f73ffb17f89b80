#pragma once

// Ticker statistics from the replayed bars: /api/v3/ticker/24hr and
// /fapi/v1/ticker/24hr (the rolling 24 h up to market time now, the bar in
// progress included as far as its updates have gone), and
// /api/v3/ticker/bookTicker (a one-tick spread around the current price).

#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/market.hpp"
#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/rest.hpp"

namespace tn::sim {

/// GET ticker/24hr; `futures` writes the futures shape (no bid/ask, no
/// prevClosePrice).
http_reply ticker_24hr_reply(const market& m, const exchange_info& info, const request_target& t,
                             const rest_context& ctx, bool futures);

/// GET /api/v3/ticker/bookTicker (and /fapi/v1/ticker/bookTicker).
http_reply book_ticker_reply(const market& m, const exchange_info& info, const request_target& t,
                             const rest_context& ctx, bool futures);

} // namespace tn::sim
