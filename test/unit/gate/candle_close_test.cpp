#include "actors/gate/gate.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

// Ticks for `symbols` every `step` from `from` to `to`; the passes.
std::vector<gate_pass> walk(gate& g, const std::vector<std::string>& symbols, timestamp from,
                            timestamp to, timespan step) {
  std::vector<gate_pass> passes;
  for (auto t = from; t <= to; t += step)
    for (auto& s : symbols)
      if (auto p = g.on_tick(tick{s, t, t - t.time_since_epoch() % 1min, 100, 1}))
        passes.push_back(*p);
  return passes;
}

} // namespace

TEST_CASE("SWING passes when a 4h bar closes, once for all symbols") {
  auto cfg = test::quiet_config();
  cfg.style = trading_style::swing;
  auto t0 = test::day_start() + 1h + 30min;
  gate g{cfg, t0, {"BTCUSDT", "ETHUSDT"}};
  auto passes = walk(g, {"BTCUSDT", "ETHUSDT"}, t0, t0 + 10h, 1min);
  REQUIRE(passes.size() == 2);
  for (auto& p : passes) {
    CHECK(p.reason == pass_reason::candle_close);
    CHECK(p.symbol == "");
    CHECK(p.detail == "4h bar closed");
  }
  CHECK(passes[0].ts == test::day_start() + 4h); // the first tick on the boundary
  CHECK(passes[1].ts == test::day_start() + 8h);
  CHECK(g.stats().by_reason[static_cast<size_t>(pass_reason::candle_close)] == 2);
}

TEST_CASE("DAILY passes when the UTC day closes, at the first tick after it") {
  auto t0 = test::day_start() + 12h;
  gate g{test::quiet_config(), t0, {"BTCUSDT"}};
  auto passes = walk(g, {"BTCUSDT"}, t0 + 7s, t0 + 37h, 10min);
  REQUIRE(passes.size() == 2);
  CHECK(passes[0].ts == test::day_start() + 24h + 7s);
  CHECK(passes[1].ts == test::day_start() + 48h + 7s);
  CHECK(passes[0].detail == "1d bar closed");
}

TEST_CASE("a per-symbol interval override passes for that symbol alone") {
  auto cfg = test::quiet_config(); // DAILY for everything else
  cfg.symbol_intervals["ETHUSDT"] = interval::h4;
  auto t0 = test::day_start();
  gate g{cfg, t0, {"BTCUSDT", "ETHUSDT"}};
  auto passes = walk(g, {"BTCUSDT", "ETHUSDT"}, t0, t0 + 9h, 1min);
  REQUIRE(passes.size() == 2);
  CHECK(passes[0].symbol == "ETHUSDT");
  CHECK(passes[0].ts == t0 + 4h);
  CHECK(passes[1].ts == t0 + 8h);
  // BTCUSDT follows DAILY: nothing until midnight.
  auto btc = walk(g, {"BTCUSDT"}, t0 + 9h, t0 + 24h, 30min);
  REQUIRE(btc.size() == 1);
  CHECK(btc[0].symbol == "");
  CHECK(btc[0].ts == t0 + 24h);
}

TEST_CASE("a closed candle from the exchange closes the bar without a tick") {
  auto cfg = test::quiet_config();
  cfg.style = trading_style::swing;
  auto t0 = test::day_start();
  gate g{cfg, t0, {"BTCUSDT"}};
  candle last_minute;
  last_minute.symbol = "BTCUSDT";
  last_minute.open_time = t0 + 3h + 59min;
  last_minute.close = 100;
  last_minute.closed = false;
  CHECK_FALSE(g.on_closed(last_minute)); // still forming: no news
  last_minute.closed = true;
  auto p = g.on_closed(last_minute);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::candle_close);
  CHECK(p->ts == t0 + 4h);
  CHECK_FALSE(g.on_tick(tick{"BTCUSDT", t0 + 4h + 1s, t0 + 4h, 100, 1})); // same boundary
}

TEST_CASE("a candle close right after another pass is covered by it") {
  auto cfg = test::quiet_config();
  cfg.style = trading_style::swing;
  cfg.min_check = 5min;
  cfg.min_spacing = 5min;
  auto t0 = test::day_start();
  gate g{cfg, t0, {"BTCUSDT"}};
  g.set_next_check(t0 + 3h + 53min, 300); // timer due 03:58
  REQUIRE(g.on_time(t0 + 3h + 58min));
  CHECK_FALSE(g.on_tick(tick{"BTCUSDT", t0 + 4h, t0 + 4h, 100, 1}));
  CHECK(g.stats().suppressed_spacing == 1);
  // The next close, far from any pass, passes.
  auto p = g.on_tick(tick{"BTCUSDT", t0 + 8h, t0 + 8h, 100, 1});
  REQUIRE(p);
  CHECK(p->reason == pass_reason::candle_close);
}

namespace {

candle closed_minute(const std::string& symbol, timestamp open) {
  candle bar;
  bar.symbol = symbol;
  bar.open_time = open;
  bar.close = 100;
  bar.closed = true;
  return bar;
}

} // namespace

TEST_CASE("time past a boundary does not close the bar before its closing frame") {
  auto cfg = test::quiet_config();
  cfg.style = trading_style::swing;
  auto t0 = test::day_start();
  gate g{cfg, t0 + 3h + 59min, {"BTCUSDT"}};
  auto last = t0 + 3h + 59min;
  CHECK_FALSE(g.on_tick(tick{"BTCUSDT", last + 58s, last, 100, 1}));
  // The clock (a beat while the market is silent) passes 04:00 ...
  CHECK_FALSE(g.on_time(t0 + 4h + 1s));
  // ... while the last frames of the 03:59 bar are still under way.
  CHECK_FALSE(g.on_tick(tick{"BTCUSDT", last + 59s + 900ms, last, 100, 1}));
  auto p = g.on_closed(closed_minute("BTCUSDT", last));
  REQUIRE(p);
  CHECK(p->reason == pass_reason::candle_close);
  CHECK(p->detail == "4h bar closed");
}

TEST_CASE("a group's close waits for the closing frames of all its symbols") {
  auto cfg = test::quiet_config();
  cfg.style = trading_style::swing;
  auto t0 = test::day_start();
  auto last = t0 + 3h + 59min;
  gate g{cfg, last, {"BTCUSDT", "ETHUSDT", "SOLUSDT"}};
  CHECK_FALSE(g.on_closed(closed_minute("BTCUSDT", last)));
  CHECK_FALSE(g.on_tick(tick{"BTCUSDT", t0 + 4h + 1s, t0 + 4h, 100, 1}));
  CHECK_FALSE(g.on_closed(closed_minute("ETHUSDT", last)));
  auto p = g.on_tick(tick{"SOLUSDT", t0 + 4h + 2s, t0 + 4h, 100, 1}); // its close is implied
  REQUIRE(p);
  CHECK(p->reason == pass_reason::candle_close);
  CHECK(p->detail == "4h bar closed");
  CHECK(p->ts == t0 + 4h + 2s);
  CHECK_FALSE(g.on_closed(closed_minute("SOLUSDT", last))); // late: already counted
}

TEST_CASE("a group's close passes after the grace when a symbol stays silent") {
  auto cfg = test::quiet_config();
  cfg.style = trading_style::swing;
  cfg.close_grace = 10s;
  auto t0 = test::day_start();
  auto last = t0 + 3h + 59min;
  gate g{cfg, last, {"BTCUSDT", "ETHUSDT"}};
  CHECK_FALSE(g.on_closed(closed_minute("BTCUSDT", last))); // at 04:00
  CHECK_FALSE(g.on_tick(tick{"BTCUSDT", t0 + 4h + 9s, t0 + 4h, 100, 1}));
  CHECK_FALSE(g.on_time(t0 + 4h + 9s + 999ms));
  auto p = g.on_time(t0 + 4h + 10s);
  REQUIRE(p);
  CHECK(p->reason == pass_reason::candle_close);
  CHECK(p->detail == "4h bar closed (1 of 2 symbols; the rest not within 10 s)");
  // ETHUSDT's close arrives late: the bar has passed already.
  CHECK_FALSE(g.on_closed(closed_minute("ETHUSDT", last)));
  CHECK(g.stats().passes == 1);
}
