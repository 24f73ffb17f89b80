#include "actors/evaluator/evaluator_service.hpp"

#include "actors/evaluator/evaluator_actor.hpp"
#include "actors/evaluator/evaluator_section.hpp"

namespace tn {

node_service evaluator_service() {
  node_service s;
  s.spec = {"evaluator", {"event_log"},
            [](service_context& ctx) { return spawn_evaluator(ctx); }};
  s.section = evaluator_section();
  return s;
}

} // namespace tn
