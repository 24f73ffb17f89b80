#include "actors/market_listener/feed.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1752364800000);

parsed_frame kline(const std::string& sym, timestamp open, bool closed) {
  parsed_frame f;
  f.kind = frame_kind::kline;
  f.bar.symbol = sym;
  f.bar.span = interval::m1;
  f.bar.open_time = open;
  f.bar.open = f.bar.high = f.bar.low = f.bar.close = 100;
  f.bar.closed = closed;
  f.last.symbol = sym;
  f.last.ts_event = open + (closed ? 59999ms : 30s);
  f.last.price = 100;
  return f;
}

candle closed_bar(const std::string& sym, timestamp open) {
  return kline(sym, open, true).bar;
}

std::vector<timestamp> opens(const tick_batch& b) {
  std::vector<timestamp> r;
  for (auto& c : b.closed)
    r.push_back(c.open_time);
  return r;
}

} // namespace

TEST_CASE("contiguous bars flow through once; duplicates are dropped") {
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_kline(kline("BTCUSDT", t0, false), out, fills);
  fd.on_kline(kline("BTCUSDT", t0, true), out, fills);
  fd.on_kline(kline("BTCUSDT", t0 + 1min, true), out, fills);
  fd.on_kline(kline("BTCUSDT", t0 + 1min, true), out, fills); // replayed
  CHECK(fills.empty());
  CHECK(opens(out) == std::vector<timestamp>{t0, t0 + 1min});
  CHECK(out.ticks.size() == 4);
  CHECK(fd.stats().duplicates == 1);
}

TEST_CASE("unconfigured symbols and other intervals are ignored") {
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_kline(kline("ETHUSDT", t0, true), out, fills);
  auto hourly = kline("BTCUSDT", t0, true);
  hourly.bar.span = interval::h1;
  fd.on_kline(hourly, out, fills);
  CHECK(out.ticks.empty());
  CHECK(out.closed.empty());
}

TEST_CASE("a skipped bar asks for a fill; bars meanwhile are held and released in order") {
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_kline(kline("BTCUSDT", t0, true), out, fills);
  // Reconnected three minutes later: t0+1..t0+3 closed unseen.
  fd.on_kline(kline("BTCUSDT", t0 + 4min, false), out, fills);
  REQUIRE(fills.size() == 1);
  CHECK(fills[0].first == t0 + 1min);
  CHECK(fills[0].last == t0 + 3min);
  CHECK(fd.pending("BTCUSDT"));
  fd.on_kline(kline("BTCUSDT", t0 + 4min, true), out, fills);
  fd.on_kline(kline("BTCUSDT", t0 + 5min, true), out, fills);
  CHECK(opens(out) == std::vector<timestamp>{t0});
  tick_batch filled;
  fd.on_fill("BTCUSDT",
             {closed_bar("BTCUSDT", t0), closed_bar("BTCUSDT", t0 + 1min),
              closed_bar("BTCUSDT", t0 + 2min), closed_bar("BTCUSDT", t0 + 3min)},
             filled, fills);
  CHECK(fills.size() == 1);
  CHECK(opens(filled)
        == std::vector<timestamp>{t0 + 1min, t0 + 2min, t0 + 3min, t0 + 4min, t0 + 5min});
  CHECK(fd.stats().gap_filled == 3);
  CHECK_FALSE(fd.pending("BTCUSDT"));
}

TEST_CASE("a partial fill asks for the rest; an empty fill accepts the gap") {
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_kline(kline("BTCUSDT", t0, true), out, fills);
  fd.on_kline(kline("BTCUSDT", t0 + 10min, true), out, fills);
  REQUIRE(fills.size() == 1);
  fills.clear();
  fd.on_fill("BTCUSDT", {closed_bar("BTCUSDT", t0 + 1min), closed_bar("BTCUSDT", t0 + 2min)}, out,
             fills);
  REQUIRE(fills.size() == 1);
  CHECK(fills[0].first == t0 + 3min);
  CHECK(fills[0].last == t0 + 9min);
  fills.clear();
  fd.on_fill("BTCUSDT", {}, out, fills);
  CHECK(fills.empty());
  CHECK(fd.stats().gaps_unfilled == 1);
  CHECK(opens(out) == std::vector<timestamp>{t0, t0 + 1min, t0 + 2min, t0 + 10min});
}

TEST_CASE("held bars that skip again trigger a second fill before release") {
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_kline(kline("BTCUSDT", t0, true), out, fills);
  fd.on_kline(kline("BTCUSDT", t0 + 2min, true), out, fills); // gap t0+1
  fd.on_kline(kline("BTCUSDT", t0 + 5min, true), out, fills); // held, skips t0+3..4
  REQUIRE(fills.size() == 1);
  fd.on_fill("BTCUSDT", {closed_bar("BTCUSDT", t0 + 1min)}, out, fills);
  REQUIRE(fills.size() == 2);
  CHECK(fills[1].first == t0 + 3min);
  CHECK(fills[1].last == t0 + 4min);
  fd.on_fill("BTCUSDT", {closed_bar("BTCUSDT", t0 + 3min), closed_bar("BTCUSDT", t0 + 4min)}, out,
             fills);
  CHECK(opens(out)
        == std::vector<timestamp>{t0, t0 + 1min, t0 + 2min, t0 + 3min, t0 + 4min, t0 + 5min});
}
