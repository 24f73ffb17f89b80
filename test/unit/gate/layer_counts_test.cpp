#include "actors/gate/gate.hpp"

#include "test/unit/gate/synthetic.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

uint64_t checked(const gate& g, pass_reason layer) {
  return g.stats().checked[static_cast<size_t>(layer)];
}

candle closed_bar(const std::string& symbol, timestamp open, double price) {
  candle c;
  c.symbol = symbol;
  c.open_time = open;
  c.open = c.high = c.low = c.close = price;
  c.volume = 1;
  c.closed = true;
  return c;
}

uint64_t passed(const gate& g, pass_reason layer) {
  return g.stats().by_reason[static_cast<size_t>(layer)];
}

} // namespace

// The backtest report's gate pass rate by layer: each layer counts the
// inputs it ran on, and its passes.
TEST_CASE("the gate counts, per layer, the inputs each layer ran on and its passes") {
  auto cfg = test::quiet_config();
  cfg.style_intervals[trading_style::daily] = interval::h1;
  auto t0 = test::day_start();
  gate g{cfg, t0, {"BTCUSDT", "ETHUSDT"}};
  // 3 hours of one tick a minute for one symbol: 180 ticks, the 1h closes
  // at 01:00 and 02:00 (the other symbol never trades: each close passes
  // after the grace, on a later tick).
  test::minute_feed btc{g, "BTCUSDT", t0};
  btc.noise(180);
  for (auto layer : {pass_reason::wake_condition, pass_reason::zscore, pass_reason::candle_close,
                     pass_reason::timer})
    CHECK(checked(g, layer) == 180);
  CHECK(passed(g, pass_reason::candle_close) == 2);
  CHECK(passed(g, pass_reason::timer) == 0);
  CHECK(passed(g, pass_reason::zscore) == 0);
  // A closed bar and time alone run only the candle-close and timer layers;
  // an unwatched symbol's bar runs none.
  g.on_closed(closed_bar("BTCUSDT", btc.next(), 100));
  g.on_closed(closed_bar("XRPUSDT", btc.next(), 1));
  g.on_time(btc.next() + 2min);
  CHECK(checked(g, pass_reason::candle_close) == 182);
  CHECK(checked(g, pass_reason::timer) == 182);
  CHECK(checked(g, pass_reason::zscore) == 180);
  // A funding update runs the symbol's wake layer (and its z-scores).
  g.on_funding("BTCUSDT", 0.0001, timestamp{}, btc.next() + 3min);
  CHECK(checked(g, pass_reason::wake_condition) == 181);
  CHECK(checked(g, pass_reason::timer) == 182);
  // No layer passed more often than it ran; the passes add up.
  auto s = g.stats();
  uint64_t passes = 0;
  for (size_t i = 0; i < s.by_reason.size(); ++i) {
    CHECK(s.by_reason[i] <= s.checked[i]);
    passes += s.by_reason[i];
  }
  CHECK(passes == s.passes);
}
