// The start-up line's "first decision due": computed from the first market
// time, not a rule restated (issue 14, item 15).

#include "actors/gate/first_check.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE("the first decision is due at the next candle close when it comes before the timer") {
  auto cfg = test::quiet_config();
  cfg.style = trading_style::swing; // 4h closes
  cfg.max_check = 4h;
  auto t0 = test::day_start() + 9h + 17min; // the 4h bar closes at 12:00
  auto due = first_check_due(cfg, {"BTCUSDT"}, t0, t0 + cfg.max_check);
  CHECK(due.at == test::day_start() + 12h);
  CHECK(due.by == "the 4h candle close");
}

TEST_CASE("the first decision is due at the timer when no close comes sooner") {
  auto cfg = test::quiet_config();
  cfg.style = trading_style::daily; // 1d closes at midnight
  cfg.max_check = 2h;
  auto t0 = test::day_start() + 9h;
  auto due = first_check_due(cfg, {"BTCUSDT"}, t0, t0 + 2h);
  CHECK(due.at == t0 + 2h);
  CHECK(due.by == "the timer (gate.max_check)");
}

TEST_CASE("the first decision is due at the earliest close of the watched symbols") {
  auto cfg = test::quiet_config();
  cfg.max_check = 8h;
  cfg.symbol_intervals["ETHUSDT"] = interval::h1;
  auto t0 = test::day_start() + 9h + 17min;
  auto due = first_check_due(cfg, {"BTCUSDT", "ETHUSDT"}, t0, t0 + 8h);
  CHECK(due.at == test::day_start() + 10h);
  CHECK(due.by == "the 1h candle close");
}
