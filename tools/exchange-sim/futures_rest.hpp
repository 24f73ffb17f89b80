#pragma once

// USDⓈ-M futures public REST on the same port as spot: /fapi/v1/ping,
// time, exchangeInfo, klines, ticker/price, ticker/24hr,
// ticker/bookTicker, premiumIndex, fundingRate, openInterest, and
// /futures/data/openInterestHist and globalLongShortAccountRatio. Every
// served symbol trades as a perpetual on the same replayed market.

#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/market.hpp"
#include "tools/exchange-sim/rest.hpp"

#include <string_view>

namespace tn::sim {

/// A plausible PERPETUAL entry for a series: its grids as PRICE_FILTER and
/// LOT_SIZE, MIN_NOTIONAL 5, precisions from its data's decimals.
symbol_rules generated_futures_rules(const kline_series& series);

/// True if `path` is one of the futures market data endpoints (or
/// /dapi/v1/exchangeInfo, which lists no coin-margined contracts, so that
/// clients loading every market type work).
bool is_futures_public(std::string_view path);

/// Answers a futures market data request; 404 for anything else.
http_reply handle_futures_rest(const market& m, const exchange_info& info,
                               std::string_view method, std::string_view target,
                               const rest_context& ctx);

} // namespace tn::sim
