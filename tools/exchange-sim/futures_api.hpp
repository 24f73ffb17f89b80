#pragma once

// The signed USDⓈ-M futures endpoints: /fapi/v1/order (POST, GET, DELETE),
// openOrders, userTrades, algoOrder (POST, GET, DELETE), openAlgoOrders,
// /fapi/v2|v3/positionRisk, /fapi/v2|v3/balance, /fapi/v2|v3/account,
// leverage, leverageBracket and marginType.

#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/futures_engine.hpp"
#include "tools/exchange-sim/market.hpp"
#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/rest.hpp"

#include <string_view>

namespace tn::sim {

/// True if `path` is one of the signed futures endpoints.
bool is_futures_private(std::string_view path);

/// Answers a request whose signature and timestamp passed; `info` holds the
/// futures symbols' rules.
http_reply handle_futures_private(futures_engine& engine, const market& m,
                                  const exchange_info& info, std::string_view method,
                                  const request_target& t, const rest_context& ctx);

} // namespace tn::sim
