#include "actors/market_listener/feed.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1752364800000);

// One frame as the I/O thread forwards it: a tick, plus the bar if closed.
tick_batch kline(const std::string& sym, timestamp open, bool closed) {
  tick_batch b;
  b.ticks.push_back({sym, open + (closed ? 59999ms : 30s), open, 100, 1});
  if (closed) {
    candle c;
    c.symbol = sym;
    c.open_time = open;
    c.open = c.high = c.low = c.close = 100;
    c.closed = true;
    b.closed.push_back(c);
  }
  return b;
}

candle closed_bar(const std::string& sym, timestamp open) {
  return kline(sym, open, true).closed[0];
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
  fd.on_batch(kline("BTCUSDT", t0, false), out, fills);
  fd.on_batch(kline("BTCUSDT", t0, true), out, fills);
  fd.on_batch(kline("BTCUSDT", t0 + 1min, true), out, fills);
  fd.on_batch(kline("BTCUSDT", t0 + 1min, true), out, fills); // replayed
  CHECK(fills.empty());
  CHECK(opens(out) == std::vector<timestamp>{t0, t0 + 1min});
  CHECK(out.ticks.size() == 4);
  CHECK(fd.stats().duplicates == 1);
}

TEST_CASE("unconfigured symbols are ignored") {
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_batch(kline("ETHUSDT", t0, true), out, fills);
  CHECK(out.ticks.empty());
  CHECK(out.closed.empty());
}

TEST_CASE("a batch of several symbols keeps each closed bar with its own tick") {
  feed fd{{"BTCUSDT", "ETHUSDT"}};
  tick_batch in = kline("BTCUSDT", t0, false);
  auto eth = kline("ETHUSDT", t0, true);
  in.ticks.push_back(eth.ticks[0]);
  in.closed.push_back(eth.closed[0]);
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_batch(in, out, fills);
  CHECK(out.ticks.size() == 2);
  REQUIRE(out.closed.size() == 1);
  CHECK(out.closed[0].symbol == "ETHUSDT");
}

TEST_CASE("a skipped bar asks for a fill; bars meanwhile are held and released in order") {
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_batch(kline("BTCUSDT", t0, true), out, fills);
  // Reconnected three minutes later: t0+1..t0+3 closed unseen.
  fd.on_batch(kline("BTCUSDT", t0 + 4min, false), out, fills);
  REQUIRE(fills.size() == 1);
  CHECK(fills[0].first == t0 + 1min);
  CHECK(fills[0].last == t0 + 3min);
  CHECK(fd.pending("BTCUSDT"));
  fd.on_batch(kline("BTCUSDT", t0 + 4min, true), out, fills);
  fd.on_batch(kline("BTCUSDT", t0 + 5min, true), out, fills);
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
  fd.on_batch(kline("BTCUSDT", t0, true), out, fills);
  fd.on_batch(kline("BTCUSDT", t0 + 10min, true), out, fills);
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
  fd.on_batch(kline("BTCUSDT", t0, true), out, fills);
  fd.on_batch(kline("BTCUSDT", t0 + 2min, true), out, fills); // gap t0+1
  fd.on_batch(kline("BTCUSDT", t0 + 5min, true), out, fills); // held, skips t0+3..4
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

TEST_CASE("a reconnect before any bar closed on the stream still fills the gap") {
  // Warm-up covers the bars before the first frame; the connection drops
  // while that first bar is still forming and comes back five minutes later.
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_batch(kline("BTCUSDT", t0, false), out, fills);
  fd.on_batch(kline("BTCUSDT", t0 + 5min, false), out, fills);
  REQUIRE(fills.size() == 1);
  CHECK(fills[0].first == t0);
  CHECK(fills[0].last == t0 + 4min);
}

TEST_CASE("a first frame that shows a later bar than warm-up's end is not a gap") {
  // Warm-up ends right before the first frame's bar: nothing to fill.
  feed fd{{"BTCUSDT"}};
  tick_batch out;
  std::vector<bar_request> fills;
  fd.on_batch(kline("BTCUSDT", t0, true), out, fills);
  fd.on_batch(kline("BTCUSDT", t0 + 1min, true), out, fills);
  CHECK(fills.empty());
  CHECK(opens(out) == std::vector<timestamp>{t0, t0 + 1min});
}
