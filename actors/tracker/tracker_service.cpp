#include "actors/tracker/tracker_service.hpp"

#include "actors/broker/order_path.hpp"
#include "actors/tracker/execution_section.hpp"
#include "actors/tracker/position_tracker_actor.hpp"
#include "actors/tracker/tracker_section.hpp"

namespace tn {

node_service position_tracker_service() {
  node_service s;
  // Its peers are what it needs until it is down: it stops after every
  // service it does not need.
  s.spec = {"position_tracker", {"event_log", "journal", "broker", "trader", "risk"},
            [](service_context& ctx) { return spawn_position_tracker(ctx); }};
  s.spec.protects_positions = true;
  s.announced_to = {"clock", "progress"};
  s.runs = runs_order_path;
  s.section = tracker_section();
  s.more_sections = {execution_section()};
  return s;
}

} // namespace tn
