#pragma once

// The evaluator service: answers the trader's decide requests with the
// rule-based decision (evaluator.hpp) when the model cannot decide.

#include "actors/evaluator/evaluator_config.hpp"
#include "messages/actors.hpp"
#include "runtime/service.hpp"

namespace tn {

/// An evaluator deciding under `cfg` (validated).
evaluator_actor spawn_evaluator(caf::actor_system& sys, evaluator_config cfg);

/// The evaluator service under the evaluator section; ec::invalid_config if it does
/// not validate. It needs no peers.
caf::expected<caf::actor> spawn_evaluator(service_context& ctx);

} // namespace tn
