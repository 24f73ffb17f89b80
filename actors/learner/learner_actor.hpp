#pragma once

// The learner service: learns from every closed position once (the
// tracker's position_exit, the entry decision's signals from the journal),
// keeps what it learned in the journal, and draws the signal weights.
// At start it restores its posteriors and trades from the journal and
// learns the journaled exits it had not learned before a crash.

#include "actors/learner/learner_config.hpp"
#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <cstdint>

namespace tn {

/// A learner under `cfg` (validated) drawing with `seed`.
learner_actor spawn_learner(caf::actor_system& sys, learner_config cfg, uint64_t seed);

/// The learner service under the learner section; ec::invalid_config if it
/// does not validate. Seed 0 draws one from the system's entropy.
caf::expected<caf::actor> spawn_learner(service_context& ctx);

} // namespace tn
