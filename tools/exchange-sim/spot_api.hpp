#pragma once

// The signed spot endpoints: /api/v3/order (POST, GET, DELETE),
// order/test, openOrders (GET, DELETE), account and myTrades; and the
// wallet and margin lists clients load with their markets, empty.

#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/market.hpp"
#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/rest.hpp"
#include "tools/exchange-sim/spot_engine.hpp"

#include <string_view>

namespace tn::sim {

/// True if `path` is one of the signed spot endpoints.
bool is_spot_private(std::string_view path);

/// True if the request places an order (it counts in X-MBX-ORDER-COUNT-*).
bool places_order(std::string_view method, std::string_view path);

/// Answers a request whose signature and timestamp passed; `t` holds its
/// query and body parameters.
http_reply handle_spot_private(spot_engine& engine, const market& m, const exchange_info& info,
                               std::string_view method, const request_target& t,
                               const rest_context& ctx);

} // namespace tn::sim
