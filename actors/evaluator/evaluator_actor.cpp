#include "actors/evaluator/evaluator_actor.hpp"

#include "actors/evaluator/evaluator.hpp"
#include "messages/decision.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/snapshot.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace tn {

namespace {

struct evaluator_state {
  static inline const char* name = "evaluator";
  evaluator_config cfg;
  uint64_t decisions = 0; // decide requests answered
  uint64_t buys = 0;      // symbol decisions, by action
  uint64_t sells = 0;
  uint64_t holds = 0;
};

using evaluator_ptr = evaluator_actor::stateful_pointer<evaluator_state>;

void count(evaluator_state& st, const decision& d) {
  ++st.decisions;
  for (auto& x : d.decisions)
    switch (x.action) {
      case trade_action::buy: ++st.buys; break;
      case trade_action::sell: ++st.sells; break;
      case trade_action::hold: ++st.holds; break;
    }
}

status_report report(const evaluator_state& st) {
  return counters_report(evaluator_state::name, {{"decisions", st.decisions},
                                                 {"buys", st.buys},
                                                 {"sells", st.sells},
                                                 {"holds", st.holds}});
}

evaluator_actor::behavior_type evaluator_behavior(evaluator_ptr self, evaluator_config cfg) {
  self->state.cfg = std::move(cfg);
  return {
    [self](atom::decide, const market_snapshot& snap) {
      auto d = evaluate(snap, self->state.cfg);
      count(self->state, d);
      return d;
    },
    // No peers: it answers whoever asks.
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [self](atom::status) { return report(self->state); },
  };
}

} // namespace

evaluator_actor spawn_evaluator(caf::actor_system& sys, evaluator_config cfg) {
  return sys.spawn(evaluator_behavior, std::move(cfg));
}

caf::expected<caf::actor> spawn_evaluator(service_context& ctx) {
  auto& cfg = ctx.cfg.section<evaluator_config>();
  if (auto why = cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  return caf::actor_cast<caf::actor>(spawn_evaluator(ctx.sys, cfg));
}

} // namespace tn
