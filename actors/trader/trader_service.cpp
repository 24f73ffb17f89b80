#include "actors/trader/trader_service.hpp"

#include "actors/trader/decision_summary.hpp"
#include "actors/trader/trader_actor.hpp"
#include "actors/trader/trader_section.hpp"

namespace tn {

node_service trader_service() {
  node_service s;
  s.spec = {"trader",
            {"event_log", "market_store", "gate", "agent", "evaluator", "supervisor", "journal",
             "risk", "position_tracker",
             // The market context, each optional: not announced when it
             // does not run.
             "regime_detector", "macro_regime", "derivatives_monitor", "learner"},
            [](service_context& ctx) { return spawn_trader(ctx); }};
  s.announced_to = {"clock", "progress", "watchdog"};
  s.section = trader_section();
  s.summary = decision_summary;
  return s;
}

} // namespace tn
