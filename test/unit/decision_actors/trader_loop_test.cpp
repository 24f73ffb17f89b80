// The decision loop's happy paths, failures and the breaker (loop_fixture.hpp).

#include "loop_fixture.hpp"

using namespace tn;
using namespace tn::test;

TEST_CASE_METHOD(loop_fixture, "loop: the model decides, the gate gets its schedule") {
  script->script.push_back(ok_response(decision_json("BUY", 0.3)));
  auto& rec = pass(t0);
  CHECK(rec.chosen.source == decision_source::model);
  CHECK(rec.model_outcome == "ok");
  CHECK(rec.backend == "anthropic");
  CHECK(rec.trigger.reason == pass_reason::timer);
  REQUIRE(rec.chosen.decisions.size() == 1);
  CHECK(rec.chosen.decisions[0].action == trade_action::buy);
  REQUIRE(schedules->size() == 1);
  CHECK(schedules->back().ts == t0);
  CHECK(schedules->back().next_check_seconds == 3600);
  CHECK(schedules->back().wakes.size() == 1);
  // The prompt carried the candles and the safety thresholds.
  REQUIRE(script->calls.size() == 1);
  CHECK_THAT(script->calls[0].user_prompt, Catch::Contains("BTCUSDT"));
  CHECK_THAT(script->calls[0].user_prompt, Catch::Contains("4%"));
}

TEST_CASE_METHOD(loop_fixture, "loop: the memory update goes into the next prompt") {
  script->script.push_back(ok_response(decision_json("HOLD", 0, "wait for 58k retest")));
  script->script.push_back(ok_response(decision_json("HOLD", 0, "")));
  pass(t0);
  pass(t0 + 1h);
  REQUIRE(script->calls.size() == 2);
  CHECK_THAT(script->calls[0].user_prompt, !Catch::Contains("wait for 58k retest"));
  CHECK_THAT(script->calls[1].user_prompt, Catch::Contains("wait for 58k retest"));
}

TEST_CASE_METHOD(loop_fixture, "loop: a restarted trader restores the model's memory") {
  script->script.push_back(ok_response(decision_json("HOLD", 0, "remember the 58k retest")));
  script->script.push_back(ok_response(decision_json("HOLD", 0, "")));
  pass(t0);
  // However many decisions ago: a day of evaluator decisions behind an
  // open breaker is more than any look-back of N rows.
  auto since = GENERATE(0, 300);
  for (int i = 0; i < since; ++i) {
    auto rec = journal->rows.back();
    rec.chosen.source = decision_source::evaluator;
    rec.chosen.memory_update.clear();
    journal->rows.push_back(rec);
  }
  caf::anon_send_exit(trader, caf::exit_reason::kill);
  sched.run();
  trader = make_trader();
  pass(t0 + 1h);
  REQUIRE(script->calls.size() == 2);
  CHECK_THAT(script->calls[1].user_prompt, Catch::Contains("remember the 58k retest"));
}

TEST_CASE_METHOD(loop_fixture, "loop: evaluator takes over on failures, breaker opens, probe hands back") {
  for (int i = 0; i < 3; ++i)
    script->script.push_back(server_error());
  for (int i = 0; i < 3; ++i) {
    auto& rec = pass(t0 + std::chrono::minutes{i});
    CHECK(rec.chosen.source == decision_source::evaluator);
    CHECK_THAT(rec.model_outcome, Catch::StartsWith("failed: api_error"));
    CHECK(rec.raw_response == "{\"type\":\"error\"}");
  }
  auto b = breaker();
  CHECK(b.state == breaker_state::open);
  CHECK(b.consecutive_failures == 3);
  CHECK(b.next_probe == t0 + 2min + 15min);
  // Open: the model is not asked at all.
  auto& refused = pass(t0 + 10min);
  CHECK(refused.chosen.source == decision_source::evaluator);
  CHECK(refused.model_outcome == "breaker open");
  CHECK(script->calls.size() == 3);
  // 15 minutes of event time later: one probe, re-authenticated, succeeds.
  script->script.push_back(ok_response(decision_json("BUY", 0.2)));
  auto& probe = pass(t0 + 17min);
  CHECK(probe.chosen.source == decision_source::model);
  CHECK(script->reauthentications == 1);
  CHECK(breaker().state == breaker_state::closed);
  // Handed back: the next decision is the model's again, without re-auth.
  script->script.push_back(ok_response(decision_json("HOLD", 0)));
  CHECK(pass(t0 + 30min).chosen.source == decision_source::model);
  CHECK(script->reauthentications == 1);
  // The evaluator kept the gate scheduled meanwhile.
  CHECK(schedules->size() == 6);
}

TEST_CASE_METHOD(loop_fixture, "loop: a failed probe opens the breaker again for 15 minutes") {
  for (int i = 0; i < 4; ++i)
    script->script.push_back(server_error());
  for (int i = 0; i < 3; ++i)
    pass(t0);
  auto& probe = pass(t0 + 15min);
  CHECK(probe.chosen.source == decision_source::evaluator);
  auto b = breaker();
  CHECK(b.state == breaker_state::open);
  CHECK(b.next_probe == t0 + 30min);
  CHECK(b.times_opened == 2);
}

TEST_CASE_METHOD(loop_fixture, "loop: a model that never answers times out to the evaluator") {
  // Empty script: the backend hangs. The deadline runs on the clock's time
  // (here a year after the market's), not on a CAF timer.
  auto clock = t0 + 24h * 365;
  self->send(trader, atom::time_v, clock);
  self->send(trader, atom::pass_v, gate_pass{"", pass_reason::timer, "due", t0});
  sched.run();
  CHECK(journal->rows.empty());
  // Wall time alone (every CAF timer due) decides nothing.
  sched.trigger_timeouts();
  sched.run();
  CHECK(journal->rows.empty());
  self->send(trader, atom::time_v, clock + 5min - 1s);
  sched.run();
  CHECK(journal->rows.empty());
  self->send(trader, atom::time_v, clock + 5min);
  sched.run();
  REQUIRE(journal->rows.size() == 1);
  auto& rec = journal->rows.back();
  CHECK(rec.chosen.source == decision_source::evaluator);
  CHECK(rec.model_outcome == "failed: the agent did not answer within 5m");
  CHECK(breaker().consecutive_failures == 1);
}

TEST_CASE_METHOD(loop_fixture, "loop: passes during a decision collapse into one that runs next") {
  // The first call hangs until the deadline; three more passes arrive.
  self->send(trader, atom::pass_v, gate_pass{"", pass_reason::timer, "1", t0});
  sched.run();
  for (int i = 2; i <= 4; ++i)
    self->send(trader, atom::pass_v,
               gate_pass{"BTCUSDT", pass_reason::zscore, std::to_string(i), t0 + 1min});
  sched.run();
  script->script.push_back(ok_response(decision_json()));
  self->send(trader, atom::time_v, t0);
  self->send(trader, atom::time_v, t0 + 5min);
  sched.run();
  REQUIRE(journal->rows.size() == 2);
  // The newest pass triggers; the earlier ones' reasons are kept with it.
  CHECK(journal->rows.at(1).trigger.detail == "4; also zscore BTCUSDT: 2, zscore BTCUSDT: 3");
  CHECK_THAT(script->calls.at(1).user_prompt, Catch::Contains("also zscore BTCUSDT: 2"));
  auto st = ask<status_report>(trader, atom::status_v);
  CHECK(st.counters.at("coalesced") == 2);
  CHECK(st.counters.at("passes") == 4);
}

TEST_CASE_METHOD(loop_fixture, "loop: no decision while the journal cannot write") {
  journal->unhealthy = "journal.sqlite: writing events failed: disk I/O error";
  self->send(trader, atom::pass_v, gate_pass{"", pass_reason::timer, "due", t0});
  sched.run();
  // Neither the model nor the evaluator was asked, and the gate got no
  // schedule: the pass was refused before the snapshot.
  CHECK(journal->rows.empty());
  CHECK(script->calls.empty());
  CHECK(schedules->empty());
  auto st = ask<status_report>(trader, atom::status_v);
  CHECK(st.counters.at("refused_journal") == 1);
  CHECK(st.counters.at("decisions") == 0);
  CHECK(st.facts.at("busy") == "no");
  // Once it can write again, the next pass decides.
  journal->unhealthy.clear();
  script->script.push_back(ok_response(decision_json("HOLD", 0)));
  CHECK(pass(t0 + 1h).chosen.source == decision_source::model);
}

TEST_CASE_METHOD(loop_fixture, "loop: a decision the journal lost is counted as a journal error") {
  journal->write_error = "journal.sqlite: writing decisions failed: disk I/O error";
  script->script.push_back(ok_response(decision_json("HOLD", 0)));
  self->send(trader, atom::pass_v, gate_pass{"", pass_reason::timer, "due", t0});
  sched.run();
  CHECK(journal->rows.empty());
  auto st = ask<status_report>(trader, atom::status_v);
  CHECK(st.counters.at("decisions") == 1);
  CHECK(st.counters.at("journal_errors") == 1);
}

namespace {
struct evaluator_only_fixture : loop_fixture {
  evaluator_only_fixture() : loop_fixture(false) {
  }
};
} // namespace

TEST_CASE_METHOD(evaluator_only_fixture, "loop: without a backend the evaluator decides alone") {
  auto& rec = pass(t0);
  CHECK(rec.chosen.source == decision_source::evaluator);
  CHECK(rec.model_outcome == "no model backend");
  CHECK(script->calls.empty());
  REQUIRE(rec.chosen.decisions.size() == 1);
  // Rising bars: the evaluator's signals see the trend.
  CHECK(rec.chosen.decisions[0].signals.size() == 5);
  CHECK(breaker().state == breaker_state::closed);
}
