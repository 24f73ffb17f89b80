#include "actors/gate/gate_service.hpp"

#include "actors/gate/gate_actor.hpp"
#include "actors/gate/gate_section.hpp"

namespace tn {

node_service gate_service() {
  node_service s;
  // It restores its schedule from the journal.
  s.spec = {"gate", {"event_log", "trader", "journal"},
            [](service_context& ctx) { return spawn_gate(ctx); }};
  s.announced_to = {"clock"};
  s.section = gate_section();
  return s;
}

} // namespace tn
