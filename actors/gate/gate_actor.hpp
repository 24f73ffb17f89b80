#pragma once

// The gate service: runs the adaptive gate (gate.hpp) on the market data
// and the clock's time, and sends every pass to its peer "trader". The
// trader answers each decision with the next schedule. The schedule is
// journaled as it changes and restored from the peer "journal" at start.

#include "actors/gate/gate_config.hpp"
#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <string>
#include <vector>

namespace tn {

/// A gate watching `symbols` under `cfg` (validated).
gate_actor spawn_gate(caf::actor_system& sys, gate_config cfg, std::vector<std::string> symbols);

/// The gate service: the gate section over market.symbols.
caf::expected<caf::actor> spawn_gate(service_context& ctx);

} // namespace tn
