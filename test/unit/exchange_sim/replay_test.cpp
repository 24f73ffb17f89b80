#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/replay.hpp"

using namespace tn::sim;

TEST_CASE("partial bars walk open -> extremes -> close and agree with the final bar") {
  auto s = tn::sim::test::load("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv");
  const int steps = 6;
  for (size_t i = 0; i < 200; ++i) {
    const auto& final = s.bars[i];
    kline prev = final;
    for (int step = 1; step <= steps; ++step) {
      auto k = partial_bar(final, step, steps, s.tick, s.lot);
      INFO("bar " << i << " step " << step);
      REQUIRE(k.open_time == final.open_time);
      REQUIRE(k.open == final.open);
      REQUIRE(k.low >= final.low);
      REQUIRE(k.high <= final.high);
      REQUIRE(k.low <= std::min(k.open, k.close));
      REQUIRE(k.high >= std::max(k.open, k.close));
      REQUIRE(k.close % s.tick == 0);
      REQUIRE(k.volume <= final.volume);
      REQUIRE(k.taker_base <= k.volume);
      REQUIRE(k.quote_volume <= final.quote_volume);
      REQUIRE(k.trades <= final.trades);
      if (step > 1) {
        REQUIRE(k.volume >= prev.volume);
        REQUIRE(k.trades >= prev.trades);
        REQUIRE(k.high >= prev.high); // extremes only widen
        REQUIRE(k.low <= prev.low);
      }
      prev = k;
    }
    auto last = partial_bar(final, steps, steps, s.tick, s.lot);
    REQUIRE(last.close == final.close);
    REQUIRE(last.high == final.high);
    REQUIRE(last.low == final.low);
    REQUIRE(last.volume == final.volume);
    REQUIRE(last.trades == final.trades);
  }
}

TEST_CASE("a rising bar reaches its low before its high") {
  kline k;
  k.open = 1000;
  k.low = 900;
  k.high = 1300;
  k.close = 1200;
  k.volume = 60;
  k.trades = 6;
  k.first_trade_id = 10;
  // Path length 100 + 400 + 100 = 600: step 1 of 6 is at the low.
  auto a = partial_bar(k, 1, 6, 10, 1);
  CHECK(a.close == 900);
  CHECK(a.low == 900);
  CHECK(a.high == 1000);
  CHECK(a.volume == 10);
  CHECK(a.trades == 1);
  CHECK(a.last_trade_id() == 10);
  auto b = partial_bar(k, 3, 6, 10, 1); // 300 along: 200 up from the low
  CHECK(b.close == 1100);
  CHECK(b.high == 1100);
  auto c = partial_bar(k, 5, 6, 10, 1); // past the high, coming down
  CHECK(c.high == 1300);
  CHECK(c.close == 1300);
}

TEST_CASE("the schedule: in-progress updates, then the close at the next minute") {
  std::vector<kline_series> all{tn::sim::test::tiny_series("AUSDT", 0, 3),
                                tn::sim::test::tiny_series("BUSDT", 60000, 2)};
  market m{all};
  replay r{m, 4, 0};
  REQUIRE(r.next_time() == 15000);
  auto first = r.take_due(59999);
  REQUIRE(first.size() == 3);
  CHECK(first[0].event_time == 15000);
  CHECK(first[2].event_time == 45000);
  CHECK_FALSE(first[2].closed());
  auto close = r.take_due(60000);
  REQUIRE(close.size() == 1);
  CHECK(close[0].closed());
  CHECK(close[0].series == 0);
  CHECK(close[0].bar == 0);
  // Both series at the same time: in series order.
  auto both = r.take_due(75000);
  REQUIRE(both.size() == 2);
  CHECK(both[0].series == 0);
  CHECK(both[1].series == 1);
  auto rest = r.take_due(1'000'000);
  CHECK(rest.size() == 14); // 3 + 2 bars of 4 updates, 6 taken
  for (size_t i = 1; i < rest.size(); ++i)
    CHECK(rest[i - 1].event_time <= rest[i].event_time);
  CHECK(rest.back().event_time == 180000);
  CHECK_FALSE(r.next_time().has_value());
}

TEST_CASE("history bars are skipped by the stream") {
  market m{{tn::sim::test::tiny_series("AUSDT", 0, 5)}};
  replay r{m, 1, 3 * minute_ms};
  auto due = r.take_due(10 * minute_ms);
  REQUIRE(due.size() == 2);
  CHECK(due[0].bar == 3);
  CHECK(due[0].event_time == 4 * minute_ms);
}

TEST_CASE("a synthetic replay never runs out") {
  std::vector<synthetic_symbol> specs{{"BTCUSDT"}};
  market m{synthetic_market{specs, 1, 0}};
  replay r{m, 2, 0};
  auto due = r.take_due(1000 * minute_ms);
  CHECK(due.size() == 2000);
  CHECK(r.next_time() == 1000 * minute_ms + 30000);
}

TEST_CASE("the market clock maps wall time by the speed factor") {
  market_clock c{1'000'000, 5'000'000, 60};
  CHECK(c.market_at(5'000'000) == 1'000'000);
  CHECK(c.market_at(6'000'000) == 1'060'000); // one wall second, one market minute
  CHECK(c.wall_at(1'060'000) == 6'000'000);
  auto w = c.wall_at(1'002'500);
  CHECK(c.market_at(w) >= 1'002'500);
  CHECK(c.market_at(w - 1) < 1'002'500);
}

TEST_CASE("interval bars fold the bucket's earlier minutes with the partial one") {
  auto s = tn::sim::test::tiny_series("AUSDT", 0, 7);
  auto five = *find_interval("5m");
  auto partial = partial_bar(s.bars[3], 1, 2, s.tick, s.lot);
  auto k = interval_bar(s, 3, partial, five);
  CHECK(k.open_time == 0);
  CHECK(k.close_time == 5 * minute_ms - 1);
  CHECK(k.open == s.bars[0].open);
  CHECK(k.close == partial.close);
  CHECK(k.volume == s.bars[0].volume * 3 + partial.volume);
  CHECK(k.trades == 1 + 2 + 3 + partial.trades);
  CHECK_FALSE(ends_bucket(s.bars[3], five));
  CHECK(ends_bucket(s.bars[4], five));
  auto next = interval_bar(s, 5, s.bars[5], five);
  CHECK(next.open_time == 5 * minute_ms);
  CHECK(next.open == s.bars[5].open);
}
