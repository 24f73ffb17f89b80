#include "actors/gate/gate.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE("at most max_decisions_per_day passes per UTC day; the rest are counted") {
  auto cfg = test::quiet_config();
  cfg.min_check = 1min;
  cfg.max_check = 1min; // a timer every minute: 1440 triggers a day
  auto t0 = test::day_start();
  gate g{cfg, t0, {"BTCUSDT"}};
  std::map<int64_t, int> per_day;
  for (auto t = t0; t < t0 + 48h; t += 1min)
    if (auto p = g.on_time(t)) {
      ++per_day[p->ts.time_since_epoch() / 24h];
      g.set_next_check(t, 60);
    }
  REQUIRE(per_day.size() == 2);
  for (auto& [day, n] : per_day)
    CHECK(n == 48);
  auto st = g.stats();
  CHECK(st.passes == 96);
  // Two days of minutes minus the first (the timer starts at t0 + 1min).
  CHECK(st.suppressed_cap == 2 * 1440 - 1 - 96);
  CHECK(st.passes_today == 48);
  // The cap is per UTC day: the first minute of the next day passes.
  auto next = g.on_time(t0 + 48h);
  REQUIRE(next);
  CHECK(g.stats().passes_today == 1);
}

TEST_CASE("a capped move is counted once, not once per tick") {
  auto cfg = test::quiet_config();
  cfg.max_decisions_per_day = 1;
  cfg.cooldown = 30min;
  cfg.zscore_price_threshold = 6;
  gate g{cfg, test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  feed.noise(100);
  REQUIRE(feed.bar(feed.price() * 0.9, 100)); // the day's one decision
  feed.noise(40);
  // A second move, over the cap: its ticks during the cooldown are held
  // back, not counted as more capped passes.
  for (int i = 0; i < 3; ++i)
    CHECK_FALSE(feed.bar(feed.price() * 0.9, 100));
  CHECK(g.stats().suppressed_cap == 1);
  CHECK(g.stats().suppressed_cooldown == 2);
}
