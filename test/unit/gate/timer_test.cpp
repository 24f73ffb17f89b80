#include "actors/gate/gate.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

gate_config timer_config() {
  auto cfg = test::quiet_config();
  cfg.min_check = 10min;
  cfg.max_check = 2h;
  return cfg;
}

} // namespace

TEST_CASE("the first timer is start + max_check on the candle grid, never at start") {
  auto close = test::day_start() + 7h;
  auto t0 = close + 13s; // a start 13 s into a 1m bar
  gate g{timer_config(), t0, {"BTCUSDT"}};
  CHECK(g.stats().next_check == close + 2h);
  CHECK_FALSE(g.on_time(t0));
  CHECK_FALSE(g.on_time(close + 2h - 1ns));
  auto p = g.on_time(close + 2h);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::timer);
  CHECK(p->symbol == "");
  CHECK(p->ts == close + 2h);
  CHECK(g.stats().by_reason[static_cast<size_t>(pass_reason::timer)] == 1);
}

TEST_CASE("next_check_seconds is clamped to [min_check, max_check]") {
  auto t0 = test::day_start();
  gate g{timer_config(), t0, {"BTCUSDT"}};
  auto now = t0 + 1min;
  struct row {
    int64_t seconds;
    timespan due_after;
  };
  auto r = GENERATE(row{60, 10min},       // below min: min
                    row{0, 10min},        // zero: min, never "now"
                    row{-30, 10min},      // nonsense: min
                    row{1800, 30min},     // inside: as asked
                    row{86400, 2h},       // above max: max
                    row{600, 10min},      // the bounds themselves
                    row{7200, 2h},
                    // Huge values from the wire: clamped before they become
                    // nanoseconds, so nothing overflows.
                    row{10'000'000'000, 2h}, row{INT64_MAX, 2h}, row{INT64_MIN, 10min});
  INFO("next_check_seconds " << r.seconds);
  g.set_next_check(now, r.seconds);
  CHECK(g.stats().next_check == now + r.due_after);
  CHECK_FALSE(g.on_time(now + r.due_after - 1s));
  auto p = g.on_time(now + r.due_after);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::timer);
}

TEST_CASE("after a pass the timer restarts at max_check until a decision sets it") {
  auto t0 = test::day_start();
  gate g{timer_config(), t0, {"BTCUSDT"}};
  REQUIRE(g.on_time(t0 + 2h));
  CHECK(g.stats().next_check == t0 + 4h);
  CHECK_FALSE(g.on_time(t0 + 2h + 30min)); // no decision came: stays silent up to max
  REQUIRE(g.on_time(t0 + 4h));
  g.set_next_check(t0 + 4h + 5s, 900);
  CHECK_FALSE(g.on_time(t0 + 4h + 15min - 1ns));
  REQUIRE(g.on_time(t0 + 4h + 15min));
}

// A decision answered a moment after a candle close (here 40 ms: it came
// after an order's answer, or the clock carried event time on while the
// market was silent) must check again at a close. Off the grid, at 40 ms
// past a close, it could pass only at the next data after it: with one
// closed bar a minute (a simulator, a backtest), a bar later than asked.
TEST_CASE("a decision stamped just after a candle close checks again at a close") {
  auto t0 = test::day_start();
  gate g{timer_config(), t0, {"BTCUSDT"}};
  REQUIRE(g.on_time(t0 + 2h));
  g.set_next_check(t0 + 2h + 40ms, 600);
  CHECK(g.stats().next_check == t0 + 2h + 10min);
  // The closed 1m bar ending at the asked minute is the data that passes.
  candle bar{"BTCUSDT", interval::m1, t0 + 2h + 9min, 100, 100, 100, 100, 1, 100, 1, 0, true};
  CHECK_FALSE(g.on_time(t0 + 2h + 10min - 1ms));
  auto p = g.on_closed(bar);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::timer);
  CHECK(p->ts == t0 + 2h + 10min);
  // A wait of no whole minutes ends at the first close at or after it.
  g.set_next_check(t0 + 2h + 10min + 3s, 630);
  CHECK(g.stats().next_check == t0 + 2h + 21min);
}

TEST_CASE("a pass off the candle grid restarts the timer on it") {
  auto t0 = test::day_start();
  gate g{timer_config(), t0, {"BTCUSDT"}};
  // A tick 20 s into the bar finds the timer due.
  auto p = g.on_tick(tick{"BTCUSDT", t0 + 2h + 20s, t0 + 2h, 100, 1});
  REQUIRE(p);
  CHECK(p->ts == t0 + 2h + 20s);
  CHECK(g.stats().next_check == t0 + 4h);
  REQUIRE(g.on_time(t0 + 4h));
}

TEST_CASE("ticks carry event time for the timer too") {
  auto t0 = test::day_start();
  gate g{timer_config(), t0, {"BTCUSDT"}};
  CHECK_FALSE(g.on_tick(tick{"BTCUSDT", t0 + 119min, t0 + 119min, 100, 1}));
  auto p = g.on_tick(tick{"BTCUSDT", t0 + 2h + 1s, t0 + 2h, 100, 1});
  REQUIRE(p);
  CHECK(p->reason == pass_reason::timer);
  CHECK(p->ts == t0 + 2h + 1s);
  CHECK_FALSE(g.on_tick(tick{"DOGEUSDT", t0 + 9h, t0 + 9h, 1, 1})); // not watched: ignored
  CHECK(g.stats().ticks == 2);
}

TEST_CASE("event time never runs backwards inside the gate") {
  auto t0 = test::day_start();
  gate g{timer_config(), t0, {"BTCUSDT"}};
  REQUIRE(g.on_time(t0 + 2h + 1min));
  // A late clock message cannot re-arm the timer in the past.
  g.set_next_check(t0 + 1h, 600);
  CHECK(g.stats().next_check == t0 + 2h + 11min);
}
