#pragma once

// The MARKET LISTENER service: keeps the exchange's combined kline stream
// open for every configured symbol, forwards ticks and closed 1m bars to
// its sinks, and fills gaps over REST after a reconnect.

#include "runtime/service.hpp"

#include <caf/expected.hpp>

namespace tn {

/// Spawns the listener; its peers are the sinks it forwards market data to
/// and "event_log".
[[nodiscard]] caf::expected<caf::actor> spawn_market_listener(service_context& ctx);

} // namespace tn
