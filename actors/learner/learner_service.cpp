#include "actors/learner/learner_service.hpp"

#include "actors/learner/learner_actor.hpp"
#include "actors/learner/learner_section.hpp"

namespace tn {

node_service learner_service() {
  node_service s;
  // The position tracker names it among the sinks of every exit; it gets
  // the learner's handle as if it listed it as a peer.
  s.spec = {"learner", {"event_log", "journal"},
            [](service_context& ctx) { return spawn_learner(ctx); }};
  s.announced_to = {"position_tracker"};
  s.section = learner_section();
  return s;
}

} // namespace tn
