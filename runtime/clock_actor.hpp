#pragma once

// The clock service: reads the node's clock once per period and sends the
// time to every announced peer (its peers are the time listeners).

#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <memory>

namespace tn {

class clock;

/// A clock service reading `source` every `period`; a zero period: only
/// when sent atom::beat (the backtest's driver beats once per event).
clock_actor spawn_clock(caf::actor_system& sys, std::shared_ptr<const clock> source,
                        timespan period);

/// The clock service reading `source` every node.clock_period; in a
/// backtest, at each beat its driver sends.
caf::expected<caf::actor> spawn_clock(service_context& ctx, std::shared_ptr<const clock> source);

} // namespace tn
