#include "actors/broker/paper_service.hpp"

#include "actors/broker/paper_broker_actor.hpp"
#include "actors/broker/paper_section.hpp"

namespace tn {

node_service paper_broker_service() {
  node_service s;
  // It restores the account and the resting orders from the journal; fills
  // go to the tracker and risk.
  s.spec = {"broker", {"event_log", "journal", "position_tracker", "risk"},
            [](service_context& ctx) { return spawn_paper_broker(ctx); }};
  s.announced_to = {"clock", "progress"};
  s.runs = trades_on_paper;
  s.section = paper_section();
  return s;
}

} // namespace tn
