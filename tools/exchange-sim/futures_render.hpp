#pragma once

// The USDⓈ-M futures private API's bodies as Binance writes them: keys in
// Binance's order, prices and quantities as strings at the contract's
// precision, wallet amounts at 8 decimals.

#include "tools/exchange-sim/futures_engine.hpp"
#include "tools/exchange-sim/kline.hpp"

#include <functional>
#include <string>
#include <vector>

namespace tn::sim {

/// A symbol's price and quantity precision.
using precision_of = std::function<scales(const std::string& symbol)>;

/// POST and DELETE /fapi/v1/order.
std::string render_futures_order_result(const sim_order& o, const scales& sc);

/// GET /fapi/v1/order, and each element of openOrders.
std::string render_futures_order(const sim_order& o, const scales& sc);

/// POST/GET/DELETE /fapi/v1/algoOrder, and each element of openAlgoOrders.
std::string render_algo_order(const algo_order& a, const scales& sc);

/// GET /fapi/v1/userTrades.
std::string render_futures_trades(const std::vector<const sim_fill*>& fills, const scales& sc);

/// GET /fapi/v2/positionRisk (`v3` false) or /fapi/v3/positionRisk.
std::string render_position_risk(futures_engine& e, const std::vector<std::string>& symbols,
                                 const precision_of& precision, bool v3, int64_t now);

/// GET /fapi/v2/balance.
std::string render_futures_balance(const futures_engine& e, int64_t now);

/// GET /fapi/v2/account; an account untouched since start shows `now` as
/// its update time (clients skip assets stamped 0 as uninitialized).
std::string render_futures_account(futures_engine& e, const precision_of& precision, int64_t now);

} // namespace tn::sim
