#include "actors/gate/gate.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace tn;
using namespace std::chrono_literals;

namespace {

wake_condition when(wake_metric metric, wake_op op, double threshold,
                    std::string symbol = "BTCUSDT") {
  return wake_condition{std::move(symbol), metric, op, threshold};
}

} // namespace

TEST_CASE("a price wake condition fires once for each operator, at its boundary") {
  struct row {
    wake_op op;
    double threshold;
    std::vector<double> silent; // prices that must not fire
    double fires;
  };
  auto r = GENERATE(row{wake_op::gt, 101, {100, 101}, 101.01},
                    row{wake_op::ge, 101, {100, 100.99}, 101},
                    row{wake_op::lt, 99, {100, 99}, 98.99},
                    row{wake_op::le, 99, {100, 99.01}, 99});
  INFO("price " << to_string(r.op) << " " << r.threshold);
  gate g{test::quiet_config(), test::day_start(), {"BTCUSDT", "ETHUSDT"}};
  REQUIRE(g.set_wake_conditions({when(wake_metric::price, r.op, r.threshold)}) == 1);
  CHECK(g.stats().wake_armed == 1);
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  for (auto price : r.silent)
    CHECK_FALSE(feed.bar(price, 100));
  // Another symbol at the same price does not fire BTCUSDT's condition.
  CHECK_FALSE(g.on_tick(tick{"ETHUSDT", feed.next(), feed.next(), r.fires, 100}));
  auto p = feed.bar(r.fires, 100);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::wake_condition);
  CHECK(p->symbol == "BTCUSDT");
  CHECK(p->detail.find(std::string{"price "}) == 0);
  CHECK(p->detail.find(to_string(r.op)) != std::string::npos);
  // Consumed: the same condition holding again is no reason.
  CHECK_FALSE(feed.bar(r.fires, 100));
  CHECK(g.stats().wake_armed == 0);
  CHECK(g.stats().by_reason[static_cast<size_t>(pass_reason::wake_condition)] == 1);
}

TEST_CASE("z-score wake conditions use the signed scores of the forming bar") {
  auto cfg = test::quiet_config(); // the z-score layer itself is off
  cfg.zscore_min_samples = 60;
  struct row {
    wake_condition c;
    double move;   // factor on the price
    double volume; // of the firing bar
  };
  auto r = GENERATE(row{when(wake_metric::zscore_price, wake_op::gt, 3), 1.01, 100},
                    row{when(wake_metric::zscore_price, wake_op::le, -3), 0.99, 100},
                    row{when(wake_metric::zscore_volume, wake_op::ge, 4), 1.0, 300},
                    row{when(wake_metric::zscore_volume, wake_op::lt, -4), 1.0, 1});
  INFO(to_string(r.c.metric) << " " << to_string(r.c.op) << " " << r.c.threshold);
  gate g{cfg, test::day_start(), {"BTCUSDT"}};
  g.set_wake_conditions({r.c});
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  feed.noise(120);
  REQUIRE(feed.passes.empty());
  auto p = feed.bar(feed.price() * r.move, r.volume);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::wake_condition);
  CHECK(p->detail.find(to_string(r.c.metric)) == 0);
  CHECK_FALSE(feed.bar(feed.price() * r.move, r.volume));
}

TEST_CASE("z-score wake conditions wait until there is a score") {
  gate g{test::quiet_config(), test::day_start(), {"BTCUSDT"}};
  // "< 100" holds for any real score; before the window fills there is none.
  g.set_wake_conditions({when(wake_metric::zscore_price, wake_op::lt, 100),
                         when(wake_metric::zscore_volume, wake_op::lt, 100)});
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  feed.noise(59);
  CHECK(feed.passes.empty());
  // Bar 60's tick closes the 60th bar: 60 volumes, 59 returns. The price
  // score follows a bar later. Each condition fires once.
  feed.noise(10);
  REQUIRE(feed.passes.size() == 2);
  CHECK(feed.passes[0].detail.find("zscore_volume") == 0);
  CHECK(feed.passes[1].detail.find("zscore_price") == 0);
  CHECK(feed.passes[1].ts - feed.passes[0].ts == 1min);
}

TEST_CASE("funding and pnl wake conditions use the values fed to the gate") {
  auto metric = GENERATE(wake_metric::funding, wake_metric::pnl_pct);
  INFO(to_string(metric));
  gate g{test::quiet_config(), test::day_start(), {"BTCUSDT"}};
  g.set_wake_conditions({when(metric, wake_op::lt, 0.5)});
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  CHECK_FALSE(feed.bar(100, 1)); // no value yet: nothing to compare
  auto feed_value = [&](double x) {
    if (metric == wake_metric::funding)
      g.update_funding("BTCUSDT", x);
    else
      g.update_pnl("BTCUSDT", x);
  };
  feed_value(0.7);
  CHECK_FALSE(feed.bar(100, 1));
  feed_value(0.2);
  auto p = feed.bar(100, 1);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::wake_condition);
  CHECK(p->detail == std::string{to_string(metric)} + " 0.2 < 0.5");
  CHECK_FALSE(feed.bar(100, 1));
}

TEST_CASE("new wake conditions replace the old; bad ones are refused") {
  gate g{test::quiet_config(), test::day_start(), {"BTCUSDT"}};
  g.set_wake_conditions({when(wake_metric::price, wake_op::gt, 150)});
  auto accepted = g.set_wake_conditions(
    {when(wake_metric::price, wake_op::gt, 200),
     when(wake_metric::price, wake_op::gt, 1, "DOGEUSDT"), // not watched
     when(wake_metric::price, wake_op::lt, std::numeric_limits<double>::quiet_NaN())});
  CHECK(accepted == 1);
  CHECK(g.stats().wake_armed == 1);
  CHECK(g.stats().wake_rejected == 2);
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  CHECK_FALSE(feed.bar(160, 1)); // the replaced condition is gone
  CHECK(feed.bar(201, 1));
}

TEST_CASE("a wake condition held back by cooldown stays armed") {
  auto cfg = test::quiet_config();
  cfg.cooldown = 30min;
  gate g{cfg, test::day_start(), {"BTCUSDT"}};
  g.set_wake_conditions({when(wake_metric::price, wake_op::gt, 110),
                         when(wake_metric::price, wake_op::gt, 120)});
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  auto first = feed.bar(115, 1);
  REQUIRE(first);
  for (int i = 0; i < 29; ++i)
    CHECK_FALSE(feed.bar(125, 1));
  CHECK(g.stats().suppressed_cooldown == 29);
  CHECK(g.stats().wake_armed == 1);
  auto second = feed.bar(125, 1);
  REQUIRE(second);
  CHECK(second->ts - first->ts == 30min);
  CHECK(second->detail == "price 125 > 120");
}
