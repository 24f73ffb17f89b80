// What a restarted gate carries on with: the timer the model asked for, its
// armed wake conditions and the day's pass count (issue 14, item 10).

#include "actors/gate/gate.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

gate_config restore_config() {
  auto cfg = test::quiet_config();
  cfg.min_check = 10min;
  cfg.max_check = 4h;
  cfg.max_decisions_per_day = 3;
  return cfg;
}

const std::vector<wake_condition> below_58k{{"BTCUSDT", wake_metric::price, wake_op::lt, 58000}};

/// The schedule of a gate that passed twice today, then got a decision at
/// `t`: check again in an hour, wake below 58k.
gate_schedule kept_at(timestamp t) {
  gate g{restore_config(), t - 4h, {"BTCUSDT"}};
  REQUIRE(g.on_time(t - 4h + 4h));
  g.set_next_check(t, 10);
  REQUIRE(g.on_time(t + 10min));
  g.set_next_check(t + 10min, 3600);
  g.set_wake_conditions(below_58k);
  return g.schedule();
}

} // namespace

TEST_CASE("restore: a restarted gate keeps the model's timer, wake conditions and pass count") {
  auto t = test::day_start() + 10h;
  auto kept = kept_at(t);
  REQUIRE(kept.next_check == t + 10min + 1h);
  REQUIRE(kept.passes_today == 2);
  REQUIRE(kept.wake_conditions.size() == 1);
  // A new gate, 5 minutes after the old one stopped.
  gate g{restore_config(), t + 15min, {"BTCUSDT"}};
  g.restore(kept);
  auto st = g.stats();
  CHECK(st.next_check == t + 10min + 1h);
  CHECK(st.wake_armed == 1);
  CHECK(st.passes_today == 2);
  // The model's hour, not a fresh max_check from the restart.
  auto p = g.on_time(t + 10min + 1h);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::timer);
  // The day's cap counts the passes before the restart: the third is the last.
  g.set_next_check(t + 2h, 600);
  CHECK_FALSE(g.on_time(t + 2h + 10min));
  CHECK(g.stats().suppressed_cap == 1);
}

TEST_CASE("restore: the next UTC day starts its count at zero") {
  auto t = test::day_start() + 20h;
  auto kept = kept_at(t);
  gate g{restore_config(), t + 6h, {"BTCUSDT"}}; // 02:00 the next day
  g.restore(kept);
  CHECK(g.stats().passes_today == 0);
  // The kept timer is overdue: it fires at the first event time.
  CHECK(g.on_time(t + 6h));
}

TEST_CASE("restore: a decision made since start wins over the kept schedule") {
  auto t = test::day_start() + 10h;
  auto kept = kept_at(t);
  gate g{restore_config(), t + 15min, {"BTCUSDT"}};
  g.set_next_check(t + 15min, 1800);
  g.set_wake_conditions({});
  g.restore(kept);
  CHECK(g.stats().next_check == t + 45min);
  CHECK(g.stats().wake_armed == 0);
}

TEST_CASE("restore: a kept timer is never further than max_check ahead") {
  auto t = test::day_start() + 10h;
  auto kept = kept_at(t);
  kept.next_check = t + 48h; // written by a build with a longer max_check
  gate g{restore_config(), t + 15min, {"BTCUSDT"}};
  g.restore(kept);
  CHECK(g.stats().next_check == t + 15min + 4h);
}
