// The funding layer: the derivatives monitor's funding rate and next
// funding time wake the gate when the rate crosses the configured level
// (either way) or a funding time is near, once each; the model's funding
// wake conditions see the same values.

#include "actors/gate/gate.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

gate_config funding_config(double threshold, timespan lead = 0s) {
  auto cfg = test::quiet_config();
  cfg.funding_threshold = threshold;
  cfg.funding_lead = lead;
  return cfg;
}

} // namespace

TEST_CASE("funding: a crossing of the threshold passes once, either way, again after it fell "
          "back") {
  gate g{funding_config(0.0005), test::day_start(), {"BTCUSDT", "ETHUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  CHECK_FALSE(feed.bar(100, 1));
  auto t = feed.next();
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.0001, timestamp{}, t));
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.000499, timestamp{}, t + 1min));
  auto p = g.on_funding("BTCUSDT", 0.0006, timestamp{}, t + 2min);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::wake_condition);
  CHECK(p->symbol == "BTCUSDT");
  CHECK(p->ts == t + 2min);
  CHECK(p->detail == "funding 0.0006 beyond 0.0005 either way");
  // Still beyond: no news.
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.0009, timestamp{}, t + 3min));
  CHECK_FALSE(feed.bar(100, 1));
  // Back below, then beyond on the other side: a new crossing.
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.0002, timestamp{}, t + 4min));
  auto q = g.on_funding("BTCUSDT", -0.0007, timestamp{}, t + 5min);
  REQUIRE(q);
  CHECK(q->detail == "funding -0.0007 beyond 0.0005 either way");
  // Another symbol's rate is its own; an unwatched one is ignored.
  CHECK_FALSE(g.on_funding("XRPUSDT", 0.01, timestamp{}, t + 6min));
  auto e = g.on_funding("ETHUSDT", 0.001, timestamp{}, t + 6min);
  REQUIRE(e);
  CHECK(e->symbol == "ETHUSDT");
  CHECK(g.stats().by_reason[static_cast<size_t>(pass_reason::wake_condition)] == 3);
}

TEST_CASE("funding: threshold 0 never passes, and the model's funding conditions still work") {
  gate g{funding_config(0), test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  CHECK_FALSE(feed.bar(100, 1));
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.005, timestamp{}, feed.next()));
  g.set_wake_conditions({{"BTCUSDT", wake_metric::funding, wake_op::lt, 0}});
  CHECK_FALSE(feed.bar(100, 1));
  auto p = g.on_funding("BTCUSDT", -0.0001, timestamp{}, feed.next());
  REQUIRE(p);
  CHECK(p->detail == "funding -0.0001 < 0");
}

TEST_CASE("funding: a crossing held back by the cooldown passes after it") {
  auto cfg = funding_config(0.0005);
  cfg.cooldown = 30min;
  gate g{cfg, test::day_start(), {"BTCUSDT"}};
  g.set_wake_conditions({{"BTCUSDT", wake_metric::price, wake_op::gt, 110}});
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  auto first = feed.bar(115, 1);
  REQUIRE(first);
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.001, timestamp{}, feed.next()));
  for (int i = 0; i < 29; ++i)
    CHECK_FALSE(feed.bar(100, 1));
  auto later = feed.bar(100, 1);
  REQUIRE(later);
  CHECK(later->ts - first->ts == 30min);
  CHECK(later->detail == "funding 0.001 beyond 0.0005 either way");
  CHECK_FALSE(feed.bar(100, 1));
}

TEST_CASE("funding: a funding time within the lead passes once per funding time") {
  gate g{funding_config(0.0005, 15min), test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  auto funding_at = test::day_start() + 8h;
  // Fed long before: nothing yet.
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.0001, funding_at, feed.next()));
  std::optional<gate_pass> pass;
  while (!pass && feed.next() < funding_at)
    pass = feed.bar(100, 1);
  REQUIRE(pass);
  // The first tick inside the lead: 30 s into the bar 15 minutes before.
  CHECK(pass->ts == funding_at - 15min + 30s);
  CHECK(pass->detail == "funding in 14 min at rate 0.0001");
  // The rest of the lead and a new round with the same funding time: no
  // second pass.
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.0001, funding_at, feed.next()));
  while (feed.next() < funding_at)
    CHECK_FALSE(feed.bar(100, 1));
  // The next funding time, eight hours on, passes again.
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.0001, funding_at + 8h, feed.next()));
  pass.reset();
  while (!pass && feed.next() < funding_at + 8h)
    pass = feed.bar(100, 1);
  REQUIRE(pass);
  CHECK(pass->ts == funding_at + 8h - 15min + 30s);
}

TEST_CASE("funding: without a lead, or with an unknown funding time, no time pass") {
  auto lead = GENERATE(timespan{0s}, timespan{15min});
  gate g{funding_config(0.0005, lead), test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  auto funding_at = lead > 0s ? timestamp{} : test::day_start() + 1h;
  CHECK_FALSE(g.on_funding("BTCUSDT", 0.0001, funding_at, feed.next()));
  for (int i = 0; i < 90; ++i)
    CHECK_FALSE(feed.bar(100, 1));
}
