#include "test/unit/caf_fixture.hpp"
#include "fakes.hpp"

#include "actors/gate/gate_actor.hpp"
#include "runtime/event_log_actor.hpp"

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1'735'732'800'000); // 2025-01-01 12:00 UTC

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

  /// The exchange's closing frame of the 1m bar opened at `open`.
  void closed(timestamp open) {
    tick_batch b;
    candle bar;
    bar.symbol = "BTCUSDT";
    bar.open_time = open;
    bar.close = 100;
    bar.closed = true;
    b.closed.push_back(bar);
    self->send(gate, std::move(b));
    sched.run();
  }

  void beat(timestamp wall) {
    self->send(gate, atom::time_v, wall);
    sched.run();
  }
};

} // namespace

TEST_CASE_METHOD(gate_fixture, "gate actor: the first timer fires at start + max_check") {
  tick(t0, 100, 1);
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

TEST_CASE_METHOD(gate_fixture, "gate actor: the first market data says when the first decision is due") {
  auto lines = std::make_shared<std::vector<std::string>>();
  auto log = spawn_event_log(sys, 10, [lines](const std::string& x) { lines->push_back(x); });
  self->send(gate, atom::announce_v, std::string{"event_log"}, ptr(log));
  sched.run();
  tick(t0 + 17min, 100, 1); // 12:17; the default 4h bar closes at 16:00, with the timer
  auto events = ask<std::vector<event>>(log, atom::events_v, std::string{"gate"});
  REQUIRE(events.size() == 1);
  CHECK(events.front().ts == t0 + 17min);
  CHECK(events.front().text
        == "first decision due at 2025-01-01T16:00:00Z (the 4h candle close), "
           "earlier if the market moves past the z-score thresholds");
  tick(t0 + 18min, 100, 1);
  CHECK(ask<std::vector<event>>(log, atom::events_v, std::string{"gate"}).size() == 1);
  caf::anon_send_exit(log, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(gate_fixture, "gate actor: the decision's schedule moves the timer") {
  tick(t0, 100, 1);
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
  tick(t0, 59000, 1);
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

TEST_CASE_METHOD(gate_fixture, "gate actor: every pass also reaches the derivatives monitor") {
  auto copies = std::make_shared<std::vector<gate_pass>>();
  // The copies are an argument: CAF 0.17 spawns an argument-less function
  // actor through a null tuple pointer, which UBSan reports.
  auto monitor = sys.spawn(
    [](std::shared_ptr<std::vector<gate_pass>> out) -> gate_pass_sink_actor::behavior_type {
      return {[out](atom::pass, gate_pass& p) { out->push_back(std::move(p)); }};
    },
    copies);
  self->send(gate, atom::announce_v, std::string{"derivatives_monitor"}, ptr(monitor));
  tick(t0, 59000, 1);
  self->send(gate, atom::time_v, t0);
  self->send(gate, atom::schedule_v, t0, int64_t{7200},
             std::vector<wake_condition>{{"BTCUSDT", wake_metric::price, wake_op::lt, 58000}});
  sched.run();
  tick(t0 + 40s, 57900, 2);
  REQUIRE(passes->size() == 1);
  REQUIRE(copies->size() == 1);
  CHECK(copies->back().reason == pass_reason::wake_condition);
  CHECK(copies->back().symbol == "BTCUSDT");
  CHECK(copies->back().ts == passes->back().ts);
  caf::anon_send_exit(monitor, caf::exit_reason::user_shutdown);
  sched.run();
}

TEST_CASE_METHOD(gate_fixture, "gate actor: refused wake conditions are counted") {
  tick(t0, 100, 1);
  self->send(gate, atom::time_v, t0);
  self->send(gate, atom::schedule_v, t0, int64_t{7200},
             std::vector<wake_condition>{{"DOGEUSDT", wake_metric::price, wake_op::lt, 1}});
  sched.run();
  auto st = ask<status_report>(gate, atom::status_v);
  CHECK(st.counters.at("wake_rejected") == 1);
  CHECK(st.counters.at("wake_armed") == 0);
}

TEST_CASE_METHOD(gate_fixture, "gate actor: the evaluator's schedule keeps the model's wake conditions") {
  tick(t0, 60000, 1);
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
  auto journal_hdl = sys.spawn(fake_journal, journal);
  auto trader = sys.spawn(recording_trader, passes);
  auto start = [&] {
    auto g = spawn_gate(sys, cfg, {"BTCUSDT"});
    self->send(g, atom::announce_v, std::string{"trader"}, ptr(trader));
    self->send(g, atom::announce_v, std::string{"journal"}, ptr(journal_hdl));
    sched.run();
    return g;
  };
  // Market data starts a gate's time; the clock's beats carry it on.
  auto data = [&](const gate_actor& g, timestamp ts) {
    tick_batch b;
    b.ticks.push_back(tn::tick{"BTCUSDT", ts, ts - ts.time_since_epoch() % 1min, 60000, 1});
    self->send(g, std::move(b));
    self->send(g, atom::time_v, ts);
    sched.run();
  };
  auto first = start();
  data(first, t0);
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
  data(second, t0 + 10min);
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

TEST_CASE_METHOD(gate_fixture, "gate actor: a clock beat past the boundary waits for the closing frame") {
  auto last = t0 + 3h + 59min; // the last 1m bar of the 4h bar 12:00-16:00
  tick(last + 58s, 100, 1);
  beat(last + 58s);
  beat(t0 + 4h + 1s); // the clock is past 16:00, the market is not
  tick(last + 59s + 900ms, 100, 1);
  CHECK(passes->empty());
  closed(last);
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == pass_reason::candle_close);
}

namespace {

// Two hours of market around the 16:00 boundary, a tick every 7 s with the
// closing frame of each minute, then an hour of silence; the clock beats
// every second at market time + skew. What passed, as text.
std::vector<std::string> passes_under_skew(caf_fixture& f, timespan skew) {
  gate_config cfg;
  cfg.min_check = 10min;
  cfg.max_check = 25min;
  auto recorded = std::make_shared<std::vector<gate_pass>>();
  auto gate = spawn_gate(f.sys, cfg, {"BTCUSDT"});
  auto trader = f.sys.spawn(recording_trader, recorded);
  f.self->send(gate, atom::announce_v, std::string{"trader"}, ptr(trader));
  auto start = t0 + 3h;
  auto end = t0 + 5h;
  for (auto t = start; t <= end + 1h; t += 1s) {
    if (t <= end && (t - start) % 7s == timespan::zero()) {
      tick_batch b;
      auto open = t - (t.time_since_epoch() % std::chrono::minutes{1});
      if (open > start && t - 7s < open) {
        candle bar;
        bar.symbol = "BTCUSDT";
        bar.open_time = open - 1min;
        bar.close = 100;
        bar.closed = true;
        b.closed.push_back(bar);
      }
      b.ticks.push_back(tn::tick{"BTCUSDT", t, open, 100, 1});
      f.self->send(gate, std::move(b));
    }
    f.self->send(gate, atom::time_v, t + skew);
    f.sched.run();
  }
  f.self->send_exit(gate, caf::exit_reason::user_shutdown);
  f.self->send_exit(trader, caf::exit_reason::user_shutdown);
  f.sched.run();
  std::vector<std::string> out;
  for (auto& p : *recorded)
    out.push_back(std::string{to_string(p.reason)} + " " + p.detail + " at "
                  + std::to_string(to_unix_ms(p.ts)));
  return out;
}

} // namespace

TEST_CASE_METHOD(gate_fixture, "gate actor: a skewed clock changes no pass") {
  auto baseline = passes_under_skew(*this, 0s);
  // Timers at 15:25 and 15:50, the 16:00 close (its frame at 16:00:05),
  // timers every 25 min on to 17:40, the last two in the silence.
  REQUIRE(baseline.size() == 7);
  CHECK(baseline[2].rfind("candle_close 4h bar closed", 0) == 0);
  for (auto skew : {-3s, -1s, 2s, 3s}) {
    INFO("skew " << skew.count() << " s");
    CHECK(passes_under_skew(*this, skew) == baseline);
  }
}

TEST_CASE_METHOD(gate_fixture, "gate actor: market data from the past runs on its own time") {
  // A simulator replaying 2025 while the host clock says 2026.
  auto wall = t0 + 24h * 365;
  beat(wall);
  auto last = t0 + 3h + 59min;
  tick(last, 100, 1);
  beat(wall + 1s);
  closed(last);
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == pass_reason::candle_close);
  CHECK(passes->back().ts == t0 + 4h);
  // Four hours of silent market on the host clock: the timer, in market time.
  for (auto s = 2s; s <= 4h + 2s; s += 10min)
    beat(wall + s);
  beat(wall + 4h + 2s);
  REQUIRE(passes->size() == 2);
  CHECK(passes->back().reason == pass_reason::timer);
  CHECK(passes->back().ts - (t0 + 4h) >= 4h);
  CHECK(passes->back().ts - (t0 + 4h) <= 4h + 2s);
}

TEST_CASE_METHOD(gate_fixture, "gate actor: the derivatives monitor's funding wakes the gate past "
                               "the threshold, unknown funding does not") {
  auto funding = [&](caf::optional<double> rate, timestamp ts) {
    derivatives_snapshot x;
    x.symbol = "BTCUSDT";
    x.ts = ts;
    x.funding_rate = rate;
    x.next_funding = t0 + 4h;
    self->send(gate, atom::derivs_v, x);
    sched.run();
  };
  // Before any market data there is no market time: nothing to pass on.
  funding(0.002, t0);
  CHECK(passes->empty());
  tick(t0, 59000, 1);
  funding(caf::none, t0 + 1min);
  funding(0.0001, t0 + 2min);
  CHECK(passes->empty());
  funding(0.0011, t0 + 3min); // beyond the default 0.0005
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == pass_reason::wake_condition);
  CHECK(passes->back().symbol == "BTCUSDT");
  CHECK(passes->back().detail == "funding 0.0011 beyond 0.0005 either way");
  CHECK(passes->back().ts == t0 + 3min);
}
