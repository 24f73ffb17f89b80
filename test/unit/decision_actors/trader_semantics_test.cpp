// What the decision loop makes of a bad answer, a billed failure, an
// evaluator decision, a probe without a call, a restart and a short history
// (issue 14, items 10, 11 and 15).

#include "loop_fixture.hpp"

using namespace tn;
using namespace tn::test;

namespace {

/// A billed answer without a decision: the model stopped at max_tokens.
model_response cut_off() {
  auto r = ok_response("");
  r.reply.status = reply_status::no_decision;
  r.reply.stop_reason = "max_tokens";
  r.reply.error = "stop_reason max_tokens: no complete decision";
  return r;
}

template <class Handle>
Handle peer(const loop_fixture& f, const std::string& name) {
  for (auto& [n, hdl] : f.peers)
    if (n == name)
      return caf::actor_cast<Handle>(hdl);
  FAIL("no peer " << name);
  return {};
}

struct budget_fixture : loop_fixture {
  // Three cut-off answers (0.006 USD each) spend it.
  budget_fixture() : loop_fixture(true, {t0}, 0.015) {
  }
};

struct short_history_fixture : loop_fixture {
  short_history_fixture() : loop_fixture(true, store_fake{t0, 61234, 5}) {
  }
};

} // namespace

TEST_CASE_METHOD(loop_fixture, "loop: an answer rejected whole holds, counts for the breaker, "
                               "and is not the evaluator's") {
  script->script.push_back(ok_response(R"({"decisions":[]})"));
  auto& rec = pass(t0);
  CHECK(rec.chosen.source == decision_source::model);
  CHECK(rec.chosen.decisions.empty()); // every symbol holds
  CHECK(rec.chosen.validation.whole_rejected);
  CHECK_THAT(rec.model_outcome, Catch::StartsWith("rejected: $.next_check_seconds: missing field"));
  CHECK(rec.chosen.usage.input_tokens == 1000);
  CHECK(breaker().consecutive_failures == 1);
  auto evaluator = peer<evaluator_actor>(*this, "evaluator");
  CHECK(ask<status_report>(evaluator, atom::status_v).counters.at("decisions") == 0);
  // The gate keeps its own timer and the armed wake conditions.
  CHECK(schedules->empty());
}

TEST_CASE_METHOD(loop_fixture, "loop: a failed but billed call keeps its tokens and cost") {
  script->script.push_back(cut_off());
  auto& rec = pass(t0);
  CHECK(rec.chosen.source == decision_source::evaluator);
  CHECK(rec.chosen.usage.input_tokens == 1000);
  CHECK(rec.chosen.usage.output_tokens == 200);
  CHECK(rec.chosen.cost_usd == Approx(1000 * 3e-6 + 200 * 15e-6));
  CHECK(rec.chosen.model == "claude-sonnet-4-5-20250929");
  CHECK(rec.chosen.prompt_hash.size() == 64);
}

TEST_CASE_METHOD(loop_fixture, "loop: evaluator decisions keep the model's wake conditions") {
  script->script.push_back(ok_response(decision_json()));
  script->script.push_back(server_error());
  pass(t0);
  CHECK(pass(t0 + 1h).chosen.source == decision_source::evaluator);
  REQUIRE(schedules->size() == 2);
  CHECK_FALSE(schedules->at(0).keeps_wakes);
  CHECK(schedules->at(0).wakes.size() == 1);
  CHECK(schedules->at(1).keeps_wakes);
  CHECK(schedules->at(1).next_check_seconds == cfg.section<evaluator_config>().next_check_seconds);
}

TEST_CASE_METHOD(loop_fixture, "loop: the snapshot's last price is the latest tick") {
  script->script.push_back(ok_response(decision_json()));
  pass(t0);
  REQUIRE(script->calls.size() == 1);
  CHECK_THAT(script->calls[0].user_prompt, Catch::Contains("## BTCUSDT last 61234\n"));
}

TEST_CASE_METHOD(loop_fixture, "loop: the breaker's open period counts from the failure's arrival") {
  script->script.push_back(server_error());
  script->script.push_back(server_error());
  pass(t0);
  pass(t0 + 1min);
  // The third call hangs; the clock (and with it the silent market) moves
  // on 5 minutes, the agent's deadline, before it fails.
  self->send(trader, atom::pass_v, gate_pass{"", pass_reason::timer, "due", t0 + 2min});
  sched.run();
  self->send(trader, atom::time_v, t0 + 2min);
  self->send(trader, atom::time_v, t0 + 6min);
  sched.run();
  CHECK(journal->rows.size() == 2);
  self->send(trader, atom::time_v, t0 + 7min);
  sched.run();
  REQUIRE(journal->rows.size() == 3);
  auto b = breaker();
  CHECK(b.state == breaker_state::open);
  CHECK(b.next_probe == t0 + 7min + 15min);
}

TEST_CASE_METHOD(budget_fixture, "loop: a probe answered 'budget exhausted' frees the probe") {
  for (int i = 0; i < 3; ++i)
    script->script.push_back(cut_off());
  for (int i = 0; i < 3; ++i)
    pass(t0 + std::chrono::minutes{i});
  REQUIRE(breaker().state == breaker_state::open); // and the budget is spent
  auto& probe = pass(t0 + 17min);
  CHECK_THAT(probe.model_outcome, Catch::StartsWith("budget_exhausted"));
  // The probe reported back: the next call may probe again, instead of
  // waiting for the probe's deadline and opening the breaker once more.
  auto& next = pass(t0 + 20min);
  CHECK_THAT(next.model_outcome, Catch::StartsWith("budget_exhausted"));
  pass(t0 + 40min);
  auto b = breaker();
  CHECK(b.state == breaker_state::half_open);
  CHECK(b.times_opened == 1);
}

TEST_CASE_METHOD(short_history_fixture, "loop: a decision on partial history says so") {
  script->script.push_back(ok_response(decision_json()));
  auto& rec = pass(t0);
  CHECK_THAT(rec.history_gaps, Catch::Contains("BTCUSDT 1d: 5 of 24 bars"));
  CHECK_THAT(rec.history_gaps, Catch::Contains("BTCUSDT 4h: 5 of 24 bars"));
  REQUIRE(script->calls.size() == 1);
  CHECK_THAT(script->calls[0].user_prompt,
             Catch::Contains("history incomplete") && Catch::Contains("BTCUSDT 1h: 5 of 24 bars"));
}
