#pragma once

// The watchdog service: warns on its peer "event_log" when no market data
// arrived for a while, measured in clock time, and asks its peer "trader"
// for a forced decision.

#include "messages/actors.hpp"
#include "runtime/service.hpp"

namespace tn {

/// A watchdog warning after `no_data` (positive) without market data.
watchdog_actor spawn_watchdog(caf::actor_system& sys, timespan no_data);

/// The watchdog service: warns after watchdog.no_data.
caf::expected<caf::actor> spawn_watchdog(service_context& ctx);

} // namespace tn
