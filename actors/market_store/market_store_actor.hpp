#pragma once

// The MARKET STORE service: rolling candles per symbol and interval, fed by
// the market listener, warmed up from REST history at start.

#include "runtime/service.hpp"

#include <caf/expected.hpp>

namespace tn {

/// Spawns the store; its peer is "event_log".
[[nodiscard]] caf::expected<caf::actor> spawn_market_store(service_context& ctx);

} // namespace tn
