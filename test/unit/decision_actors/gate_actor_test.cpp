#include "test/unit/caf_fixture.hpp"
#include "fakes.hpp"

#include "actors/gate/gate_actor.hpp"

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1'735'732'800'000); // 2025-01-01 12:00 UTC

trader_actor::behavior_type recording_trader(trader_actor::pointer,
                                             std::shared_ptr<std::vector<gate_pass>> out) {
  return {
    [out](atom::pass, gate_pass& p) { out->push_back(std::move(p)); },
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

struct gate_fixture : caf_fixture {
  std::shared_ptr<std::vector<gate_pass>> passes = std::make_shared<std::vector<gate_pass>>();
  gate_config cfg;
  gate_actor gate;

  gate_fixture() {
    cfg.zscore_min_samples = 30;
    gate = spawn_gate(sys, cfg, {"BTCUSDT"});
    auto trader = sys.spawn(recording_trader, passes);
    self->send(gate, atom::announce_v, std::string{"trader"}, ptr(trader));
    sched.run();
  }

  void tick(timestamp ts, double price, double volume) {
    tick_batch b;
    auto open = ts - (ts.time_since_epoch() % std::chrono::minutes{1});
    b.ticks.push_back(tn::tick{"BTCUSDT", ts, open, price, volume});
    self->send(gate, std::move(b));
    sched.run();
  }
};

} // namespace

TEST_CASE_METHOD(gate_fixture, "gate actor: the first timer fires at start + max_check") {
  self->send(gate, atom::time_v, t0);
  sched.run();
  self->send(gate, atom::time_v, t0 + 4h - 1s);
  sched.run();
  CHECK(passes->empty());
  self->send(gate, atom::time_v, t0 + 4h);
  sched.run();
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == pass_reason::timer);
  CHECK(passes->back().ts == t0 + 4h);
}

TEST_CASE_METHOD(gate_fixture, "gate actor: the decision's schedule moves the timer") {
  self->send(gate, atom::time_v, t0);
  self->send(gate, atom::schedule_v, t0, int64_t{3600}, std::vector<wake_condition>{});
  sched.run();
  self->send(gate, atom::time_v, t0 + 1h);
  sched.run();
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == pass_reason::timer);
  auto st = ask<status_report>(gate, atom::status_v);
  CHECK(st.counters.at("passes.timer") == 1);
}

TEST_CASE_METHOD(gate_fixture, "gate actor: a wake condition passes for its symbol") {
  self->send(gate, atom::time_v, t0);
  self->send(gate, atom::schedule_v, t0, int64_t{7200},
             std::vector<wake_condition>{{"BTCUSDT", wake_metric::price, wake_op::lt, 58000}});
  sched.run();
  tick(t0 + 10s, 59000, 1);
  CHECK(passes->empty());
  tick(t0 + 40s, 57900, 2);
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == pass_reason::wake_condition);
  CHECK(passes->back().symbol == "BTCUSDT");
}

TEST_CASE_METHOD(gate_fixture, "gate actor: refused wake conditions are counted") {
  self->send(gate, atom::time_v, t0);
  self->send(gate, atom::schedule_v, t0, int64_t{7200},
             std::vector<wake_condition>{{"DOGEUSDT", wake_metric::price, wake_op::lt, 1}});
  sched.run();
  auto st = ask<status_report>(gate, atom::status_v);
  CHECK(st.counters.at("wake_rejected") == 1);
  CHECK(st.counters.at("wake_armed") == 0);
}

TEST_CASE_METHOD(gate_fixture, "gate actor: the evaluator's schedule keeps the model's wake conditions") {
  self->send(gate, atom::time_v, t0);
  self->send(gate, atom::schedule_v, t0, int64_t{7200},
             std::vector<wake_condition>{{"BTCUSDT", wake_metric::price, wake_op::lt, 58000}});
  self->send(gate, atom::schedule_v, t0 + 1h, int64_t{1800});
  sched.run();
  CHECK(ask<status_report>(gate, atom::status_v).counters.at("wake_armed") == 1);
  tick(t0 + 1h + 10s, 57900, 2);
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == pass_reason::wake_condition);
}

TEST_CASE_METHOD(gate_fixture, "gate actor: a restarted gate carries on with the journaled schedule") {
  auto journal = std::make_shared<journal_fake>();
  auto journal_hdl = sys.spawn(recording_journal, journal);
  auto trader = sys.spawn(recording_trader, passes);
  auto start = [&] {
    auto g = spawn_gate(sys, cfg, {"BTCUSDT"});
    self->send(g, atom::announce_v, std::string{"trader"}, ptr(trader));
    self->send(g, atom::announce_v, std::string{"journal"}, ptr(journal_hdl));
    sched.run();
    return g;
  };
  auto first = start();
  self->send(first, atom::time_v, t0);
  self->send(first, atom::schedule_v, t0, int64_t{3600},
             std::vector<wake_condition>{{"BTCUSDT", wake_metric::price, wake_op::lt, 58000}});
  sched.run();
  REQUIRE_FALSE(journal->schedules.empty());
  CHECK(journal->schedules.back().next_check == t0 + 1h);
  CHECK(journal->schedules.back().wake_conditions.size() == 1);
  caf::anon_send_exit(first, caf::exit_reason::kill);
  sched.run();
  // The new gate starts 10 minutes later: the model's hour still holds,
  // not a fresh max_check (4 h) from the restart.
  auto second = start();
  self->send(second, atom::time_v, t0 + 10min);
  sched.run();
  CHECK(ask<status_report>(second, atom::status_v).counters.at("wake_armed") == 1);
  self->send(second, atom::time_v, t0 + 1h);
  sched.run();
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == pass_reason::timer);
  CHECK(passes->back().ts == t0 + 1h);
  CHECK(ask<status_report>(second, atom::status_v).counters.at("passes_today") == 1);
  caf::anon_send_exit(second, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(journal_hdl, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(trader, caf::exit_reason::user_shutdown);
}
