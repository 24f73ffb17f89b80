#include "actors/gate/gate.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

gate_config zscore_config() {
  auto cfg = test::quiet_config();
  cfg.zscore_window = 240;
  cfg.zscore_min_samples = 60;
  cfg.zscore_price_threshold = 6;
  cfg.zscore_volume_threshold = 10;
  return cfg;
}

} // namespace

TEST_CASE("ordinary noise never passes the z-score layer") {
  auto seed = GENERATE(1u, 2u, 3u);
  gate g{zscore_config(), test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start(), seed};
  feed.noise(1200);
  CHECK(feed.passes.empty());
  CHECK(g.stats().ticks == 1200);
}

TEST_CASE("a price spike passes while its bar is still forming") {
  gate g{zscore_config(), test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  feed.noise(300);
  REQUIRE(feed.passes.empty());
  auto p = feed.bar(feed.price() * 0.97, 100); // -3 % in a minute of ~0.1 % moves
  REQUIRE(p);
  CHECK(p->reason == pass_reason::zscore);
  CHECK(p->symbol == "BTCUSDT");
  CHECK(p->detail.find("1m return z -") == 0);
  CHECK(p->ts == feed.next() - 30s);
}

TEST_CASE("a volume burst passes, a quiet minute does not") {
  gate g{zscore_config(), test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  feed.noise(300);
  CHECK_FALSE(feed.bar(feed.price(), 0.5)); // far below the mean: not a reason
  auto p = feed.bar(feed.price(), 100 * 20);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::zscore);
  CHECK(p->detail.find("volume z") != std::string::npos);
}

TEST_CASE("nothing is scored before the window holds enough bars") {
  gate g{zscore_config(), test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  feed.noise(30);
  CHECK_FALSE(feed.bar(feed.price() * 0.9, 10000));
  feed.noise(100);
  CHECK(feed.bar(feed.price() * 0.9, 10000));
}

TEST_CASE("cooldown: one move, one z-score pass") {
  gate g{[] {
           auto cfg = zscore_config();
           cfg.cooldown = 30min;
           return cfg;
         }(),
         test::day_start(), {"BTCUSDT"}};
  test::minute_feed feed{g, "BTCUSDT", test::day_start()};
  feed.noise(300);
  // A crash in steps: every minute another -3 %, for five minutes (longer,
  // and the steps become the window's new normal).
  for (int i = 0; i < 5; ++i)
    feed.bar(feed.price() * 0.97, 3000);
  REQUIRE(feed.passes.size() == 1);
  CHECK(g.stats().suppressed_cooldown == 4);
  // Once the cooldown is over, a new move passes again.
  feed.noise(25);
  auto p = feed.bar(feed.price() * 0.9, 30000);
  REQUIRE(p);
  CHECK(p->ts - feed.passes.front().ts >= 30min);
  CHECK(feed.passes.size() == 2);
}

TEST_CASE("a move across every symbol at once is one decision") {
  gate g{[] {
           auto cfg = zscore_config();
           cfg.min_spacing = 5min;
           cfg.min_check = 5min;
           return cfg;
         }(),
         test::day_start(), {"BTCUSDT", "ETHUSDT", "SOLUSDT"}};
  std::vector<test::minute_feed> feeds;
  for (auto s : {"BTCUSDT", "ETHUSDT", "SOLUSDT"})
    feeds.emplace_back(g, s, test::day_start());
  for (int i = 0; i < 300; ++i)
    for (auto& f : feeds)
      f.noise(1);
  for (auto& f : feeds)
    f.bar(f.price() * 0.95, 5000);
  CHECK(feeds[0].passes.size() == 1);
  CHECK(feeds[1].passes.empty());
  CHECK(feeds[2].passes.empty());
  // Another symbol's own move after the spacing passes.
  for (int i = 0; i < 6; ++i)
    for (auto& f : feeds)
      f.noise(1);
  auto p = feeds[2].bar(feeds[2].price() * 1.05, 5000);
  REQUIRE(p);
  CHECK(p->symbol == "SOLUSDT");
}

TEST_CASE("the exchange's closed bar counts once, beside the ticks") {
  gate g{zscore_config(), test::day_start(), {"BTCUSDT"}};
  auto t = test::day_start();
  // Ticks, closed bars and a duplicate from a REST gap fill for the same
  // minutes: if a bar entered the window more than once, 40 minutes would
  // look like the 60 samples scoring needs.
  auto minutes = [&](int n) {
    for (int i = 0; i < n; ++i, t += 1min) {
      auto price = 100.0 + (i % 2 ? 0.1 : -0.1);
      candle c;
      c.symbol = "BTCUSDT";
      c.open_time = t;
      c.close = price;
      c.volume = 100 + (i % 3);
      c.closed = true;
      g.on_tick(tick{"BTCUSDT", t + 30s, t, price, c.volume});
      g.on_closed(c);
      g.on_closed(c);
    }
  };
  auto burst = [&] { return g.on_tick(tick{"BTCUSDT", t + 50s, t, 100, 1e6}); };
  minutes(40);
  CHECK_FALSE(burst());
  minutes(30);
  auto p = burst();
  REQUIRE(p);
  CHECK(p->reason == pass_reason::zscore);
}
