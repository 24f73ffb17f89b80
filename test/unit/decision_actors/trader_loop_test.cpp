// The decision loop on the test scheduler: the trader with the real agent
// (scripted backend), the real evaluator and the real supervisor's circuit
// breaker; a fake store, and recorders in place of the gate and journal.

#include "test/unit/caf_fixture.hpp"
#include "fakes.hpp"

#include "actors/agent/agent_actor.hpp"
#include "actors/agent/cost.hpp"
#include "actors/evaluator/evaluator_actor.hpp"
#include "actors/trader/trader_actor.hpp"
#include "messages/breaker.hpp"
#include "runtime/config/config.hpp"
#include "runtime/supervisor.hpp"

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1'735'732'800'000); // 2025-01-01 12:00 UTC

struct loop_fixture : caf_fixture {
  std::shared_ptr<scripted_backend::shared> script = std::make_shared<scripted_backend::shared>();
  std::shared_ptr<std::vector<schedule_entry>> schedules =
    std::make_shared<std::vector<schedule_entry>>();
  std::shared_ptr<std::vector<decision_record>> journal_rows =
    std::make_shared<std::vector<decision_record>>();
  bool with_model;
  node_config cfg;
  supervisor_actor sup;
  std::vector<std::pair<std::string, caf::strong_actor_ptr>> peers;
  trader_actor trader;

  explicit loop_fixture(bool with_model = true) : with_model(with_model) {
    cfg.market.symbols = {"BTCUSDT"};
    sup = spawn_supervisor(sys, cfg, nullptr, {}, t0);
    agent_setup a;
    a.backend = std::make_shared<scripted_backend>(script);
    a.limits = btc_limits();
    a.prices = default_prices();
    a.daily_budget_usd = 100;
    peers = {{"supervisor", ptr(sup)},
             {"agent", ptr(spawn_agent(sys, std::move(a)))},
             {"evaluator", ptr(spawn_evaluator(sys, cfg.evaluator))},
             {"market_store", ptr(sys.spawn(fake_store, t0))},
             {"gate", ptr(sys.spawn(recording_gate, schedules))},
             {"journal", ptr(sys.spawn(recording_journal, journal_rows))}};
    trader = make_trader();
  }

  /// A trader told its peers, as the supervisor does at start and restart.
  trader_actor make_trader() {
    trader_setup t;
    t.symbols = cfg.market.symbols;
    t.cfg = cfg.trader;
    t.model_configured = with_model;
    t.agent_deadline = 5min;
    auto hdl = spawn_trader(sys, std::move(t));
    for (auto& [name, peer] : peers)
      self->send(hdl, atom::announce_v, name, peer);
    sched.run();
    return hdl;
  }

  // The trader and the agent hold each other (a handle, a pending
  // promise); like the supervisor at shutdown, stop every actor.
  ~loop_fixture() {
    caf::anon_send_exit(trader, caf::exit_reason::user_shutdown);
    for (auto& [name, peer] : peers)
      caf::anon_send_exit(caf::actor_cast<caf::actor>(peer), caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// A timer pass at `ts`; runs until the decision is journaled.
  const decision_record& pass(timestamp ts) {
    auto before = journal_rows->size();
    self->send(trader, atom::pass_v, gate_pass{"", pass_reason::timer, "timer due", ts});
    sched.run();
    REQUIRE(journal_rows->size() == before + 1);
    return journal_rows->back();
  }

  breaker_status breaker() {
    return ask<breaker_status>(sup, atom::breaker_v);
  }
};

} // namespace

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
  CHECK(journal_rows->empty());
  // Wall time alone (every CAF timer due) decides nothing.
  sched.trigger_timeouts();
  sched.run();
  CHECK(journal_rows->empty());
  self->send(trader, atom::time_v, clock + 5min - 1s);
  sched.run();
  CHECK(journal_rows->empty());
  self->send(trader, atom::time_v, clock + 5min);
  sched.run();
  REQUIRE(journal_rows->size() == 1);
  auto& rec = journal_rows->back();
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
  REQUIRE(journal_rows->size() == 2);
  CHECK(journal_rows->at(1).trigger.detail == "4");
  auto st = ask<status_report>(trader, atom::status_v);
  CHECK(st.counters.at("coalesced") == 2);
  CHECK(st.counters.at("passes") == 4);
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
