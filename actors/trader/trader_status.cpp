#include "actors/trader/trader_state.hpp"
#include "runtime/status_counters.hpp"

#include <string>

namespace tn::trader_shell {

status_report report(trader_ptr self) {
  auto& c = self->state.counters;
  auto r = counters_report(trader_state::name, {{"passes", c.passes},
                                                {"coalesced", c.coalesced},
                                                {"decisions", c.decisions},
                                                {"decisions.model", c.by_model},
                                                {"decisions.evaluator", c.by_evaluator},
                                                {"model_failures", c.model_failures},
                                                {"store_errors", c.store_errors},
                                                {"context_missing", c.context_missing},
                                                {"refused_journal", c.refused_journal},
                                                {"journal_errors", c.journal_errors}});
  r.facts["busy"] = self->state.busy ? "yes" : "no";
  r.facts["memory_chars"] = std::to_string(self->state.memory.size());
  return r;
}

} // namespace tn::trader_shell
