#include "actors/macro_regime/macro_service.hpp"

#include "actors/macro_regime/macro_config.hpp"
#include "actors/macro_regime/macro_regime_actor.hpp"
#include "actors/macro_regime/macro_section.hpp"

namespace tn {

node_service macro_regime_service() {
  node_service s;
  // The learner hears every change of the quadrant (the key it counts
  // closed trades under).
  s.spec = {"macro_regime", {"event_log", "learner"},
            [](service_context& ctx) { return spawn_macro_regime(ctx); }};
  // Refreshes on the clock's time: wall time live, replay time in a
  // backtest (which reads the CSV files; it has no network).
  s.announced_to = {"clock"};
  s.section = macro_section();
  return s;
}

} // namespace tn
