#pragma once

// The spot private API's bodies, byte for byte as Binance writes them:
// keys in Binance's order, decimals as 8-decimal strings.

#include "tools/exchange-sim/order_record.hpp"
#include "tools/exchange-sim/spot_engine.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// POST /api/v3/order: "ACK", "RESULT" or "FULL".
std::string render_spot_new_order(const sim_order& o, const std::vector<sim_fill>& fills,
                                  std::string_view resp_type, int64_t transact_time);

/// GET /api/v3/order, and each element of openOrders.
std::string render_spot_order(const sim_order& o);

/// DELETE /api/v3/order; `cancel_id` is the cancel's own clientOrderId.
std::string render_spot_cancel(const sim_order& o, std::string_view cancel_id,
                               int64_t transact_time);

/// GET /api/v3/myTrades.
std::string render_spot_trades(const std::vector<const sim_fill*>& fills);

/// GET /api/v3/account.
std::string render_spot_account(const spot_engine& engine, bool omit_zero);

} // namespace tn::sim
