#include "actors/trader/decision_steps.hpp"
#include "actors/trader/trader_state.hpp"
#include "messages/breaker.hpp"
#include "messages/model.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/error_text.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <string>
#include <utility>

namespace tn::trader_shell {

namespace {

/// The evaluator decides, `why` the model did not.
void evaluate(trader_ptr self, const run_ptr& run, std::string why) {
  auto& st = self->state;
  run->record.model_outcome = std::move(why);
  if (!st.evaluator) {
    finish(self, run, hold_all("the evaluator is not running"));
    return;
  }
  // Nothing reads the snapshot after this step (the prompt, if any, is
  // already rendered): it moves into the request instead of being copied.
  self->request(st.evaluator, st.setup.query_timeout, atom::decide_v, std::move(run->snapshot))
    .then([self, run](decision& d) { finish(self, run, std::move(d)); },
          [self, run](caf::error& err) {
            finish(self, run, hold_all("the evaluator failed: " + error_text(err)));
          });
}

/// Tells the breaker how the permitted call went, at the event time the
/// outcome arrived: an open period counts from the failure, not from the
/// decision that started the call.
void report_outcome(trader_ptr self, breaker_outcome outcome, const std::string& why) {
  if (self->state.supervisor)
    self->send(self->state.supervisor, atom::breaker_v, market_now(self), outcome, why);
}

void on_answer(trader_ptr self, const run_ptr& run, agent_answer& answer) {
  auto& rec = run->record;
  rec.backend = answer.backend;
  rec.raw_response = std::move(answer.raw_response);
  rec.latency = answer.latency;
  rec.attempts = answer.attempts;
  switch (answer.status) {
    case agent_status::ok:
      report_outcome(self, breaker_outcome::success, "");
      rec.model_outcome = "ok";
      finish(self, run, std::move(answer.result));
      return;
    case agent_status::rejected:
      // The model answered, wrongly: its decision is to hold everything.
      // The evaluator is for a model that cannot answer, not a bad answer.
      ++self->state.counters.model_failures;
      report_outcome(self, breaker_outcome::failure, "answer rejected: " + answer.error);
      rec.model_outcome = "rejected: " + answer.error;
      finish(self, run, std::move(answer.result));
      return;
    case agent_status::failed:
      ++self->state.counters.model_failures;
      report_outcome(self, breaker_outcome::failure, answer.error);
      rec.chosen = std::move(answer.result);
      evaluate(self, run, "failed: " + answer.error);
      return;
    case agent_status::budget_exhausted:
    case agent_status::no_backend:
    case agent_status::not_cached:
      report_outcome(self, breaker_outcome::untested, to_string(answer.status));
      evaluate(self, run, std::string{to_string(answer.status)} + ": " + answer.error);
      return;
  }
}

void agent_failed(trader_ptr self, const run_ptr& run, const std::string& why) {
  ++self->state.counters.model_failures;
  report_outcome(self, breaker_outcome::failure, why);
  evaluate(self, run, "failed: " + why);
}

/// True once for the call of `run`: its answer, its error or its deadline,
/// whichever comes first; the others find the call settled.
bool settle_agent_call(trader_ptr self, const run_ptr& run) {
  auto& st = self->state;
  if (st.agent_run != run)
    return false;
  st.agent_run = nullptr;
  st.agent_deadline.reset();
  return true;
}

void ask_agent(trader_ptr self, const run_ptr& run, bool probe) {
  auto& st = self->state;
  if (!st.agent) {
    agent_failed(self, run, "the agent is not running");
    return;
  }
  st.agent_run = run;
  st.agent_deadline.reset();
  if (st.clock)
    st.agent_deadline = *st.clock + st.setup.agent_deadline;
  // Rendered here, not with the snapshot: a decision the evaluator makes
  // needs no prompt (and no prompt hash).
  run->prompt = prompt_of(run->snapshot, st.setup.cfg.prompt_bars);
  self->request(st.agent, caf::infinite, atom::decide_v,
                agent_request{run->trigger.ts, run->prompt, probe})
    .then(
      [self, run](agent_answer& answer) {
        if (settle_agent_call(self, run)) // else answered after its deadline: the evaluator decided
          on_answer(self, run, answer);
      },
      [self, run](caf::error& err) {
        if (settle_agent_call(self, run))
          agent_failed(self, run, "the agent did not answer: " + error_text(err));
      });
}

} // namespace

void agent_deadline_check(trader_ptr self, timestamp now) {
  auto& st = self->state;
  st.clock = std::max(st.clock.value_or(now), now);
  if (!st.agent_run)
    return;
  if (!st.agent_deadline)
    st.agent_deadline = *st.clock + st.setup.agent_deadline;
  if (*st.clock < *st.agent_deadline)
    return;
  auto run = st.agent_run;
  settle_agent_call(self, run);
  agent_failed(self, run,
               "the agent did not answer within " + format_duration(st.setup.agent_deadline));
}

void decide(trader_ptr self, const run_ptr& run) {
  auto& st = self->state;
  if (!st.setup.model_configured) {
    evaluate(self, run, "no model backend");
    return;
  }
  if (!st.supervisor) {
    evaluate(self, run, "no circuit breaker");
    return;
  }
  self->request(st.supervisor, st.setup.query_timeout, atom::breaker_v, run->trigger.ts)
    .then(
      [self, run](breaker_permit permit) {
        if (permit == breaker_permit::refuse)
          evaluate(self, run, "breaker open");
        else
          ask_agent(self, run, permit == breaker_permit::probe);
      },
      [self, run](caf::error& err) {
        evaluate(self, run, "breaker unavailable: " + error_text(err));
      });
}

} // namespace tn::trader_shell
