#pragma once

// The clock service: reads the node's clock once per period and sends the
// time to every announced peer (its peers are the time listeners).

#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <memory>

namespace tn {

class clock;

/// A clock service reading `source` every `period` (positive).
clock_actor spawn_clock(caf::actor_system& sys, std::shared_ptr<const clock> source,
                        timespan period);

/// The clock service reading `source` every node.clock_period.
caf::expected<caf::actor> spawn_clock(service_context& ctx, std::shared_ptr<const clock> source);

} // namespace tn
