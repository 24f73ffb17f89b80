#include "actors/trader/decision_steps.hpp"
#include "actors/trader/trader_state.hpp"
#include "messages/events.hpp"
#include "runtime/error_text.hpp"
#include "runtime/service_events.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <cstdint>
#include <utility>

namespace tn::trader_shell {

namespace {

/// Tells the gate when to check again. Only a valid answer of the model
/// replaces its wake conditions; the evaluator's schedule keeps them, and a
/// rejected answer leaves the gate's own schedule as it is.
void schedule(trader_ptr self, timestamp ts, const decision& chosen, bool rejected) {
  auto& st = self->state;
  if (!st.gate || rejected)
    return;
  if (chosen.source == decision_source::model)
    self->send(st.gate, atom::schedule_v, ts, chosen.next_check_seconds, chosen.wake_conditions);
  else
    self->send(st.gate, atom::schedule_v, ts, chosen.next_check_seconds);
}

/// A decision must not be lost: the journal answers once it is on disk,
/// and a write it could not make is an error the operator hears about.
/// Only a journaled decision is executed: risk gets it with its journal id,
/// from which every order's client id derives.
void journal_decision(trader_ptr self, decision_record rec) {
  auto& st = self->state;
  if (!st.journal)
    return;
  auto ts = rec.chosen.ts;
  auto chosen = rec.chosen;
  self->request(st.journal, st.setup.query_timeout, atom::publish_v, std::move(rec))
    .then([self, chosen](uint64_t decision_id) mutable {
            if (auto& risk = self->state.risk)
              self->send(risk, atom::execute_v, decision_id, std::move(chosen));
          },
          [self, ts](caf::error& err) {
            ++self->state.counters.journal_errors;
            publish_event(self, ts, severity::error,
                          "decision not journaled: "
                            + error_text(err));
          });
}

} // namespace

void finish(trader_ptr self, const run_ptr& run, decision chosen) {
  auto& st = self->state;
  auto ts = run->trigger.ts;
  chosen.ts = ts;
  ++st.counters.decisions;
  ++(chosen.source == decision_source::model ? st.counters.by_model : st.counters.by_evaluator);
  schedule(self, ts, chosen, chosen.validation.whole_rejected);
  if (chosen.source == decision_source::model && !chosen.memory_update.empty())
    st.memory = chosen.memory_update;
  // The journal keeps what a failed model call found and cost: its
  // validation, model, prompt and the tokens the provider billed.
  if (chosen.source == decision_source::evaluator) {
    auto& failed = run->record.chosen;
    chosen.validation = std::move(failed.validation);
    chosen.model = std::move(failed.model);
    chosen.prompt_hash = std::move(failed.prompt_hash);
    chosen.usage = failed.usage;
    chosen.cost_usd = failed.cost_usd;
  }
  run->record.chosen = std::move(chosen);
  publish_event(self, ts, severity::info, decision_line(run->record));
  journal_decision(self, std::move(run->record));
  next(self);
}

} // namespace tn::trader_shell
