#include "actors/evaluator/indicators.hpp"

#include "test/unit/evaluator/series.hpp"

#include <catch2/catch.hpp>

using namespace tn;

TEST_CASE("ema follows the series and needs a full period") {
  CHECK_FALSE(ema({1, 2}, 3));
  CHECK(*ema({5, 5, 5, 5}, 3) == Approx(5));
  // alpha = 0.5 for period 3: 1 -> 1.5 -> 2.25.
  CHECK(*ema({1, 2, 3}, 3) == Approx(2.25));
}

TEST_CASE("rsi is 100 for rises only, 0 for falls only, 50 for no moves") {
  CHECK_FALSE(rsi({1, 2, 3}, 3));
  CHECK(*rsi({1, 2, 3, 4, 5}, 3) == Approx(100));
  CHECK(*rsi({5, 4, 3, 2, 1}, 3) == Approx(0));
  CHECK(*rsi({2, 2, 2, 2}, 3) == Approx(50));
  // Wilder's smoothing weighs the latest change most: ending on a fall.
  CHECK(*rsi({1, 2, 1, 2, 1, 2, 1}, 2) == Approx(34.375));
}

TEST_CASE("atr is the smoothed true range, gaps included") {
  auto bars = test::hourly_bars({100, 100, 100, 100}, 1, 0.01);
  auto atr = atr_series(bars, 2);
  REQUIRE(atr.size() == 2);
  CHECK(atr[0] == Approx(2.0)); // high 101, low 99 on every bar
  CHECK(atr[1] == Approx(2.0));
  CHECK(atr_series(bars, 4).empty());
  // A gap up counts from the previous close: 111 - 100.
  bars[3].low = bars[3].open = bars[3].close = 110;
  bars[3].high = 111;
  CHECK(atr_series(bars, 2).back() == Approx((2.0 + 11.0) / 2));
}

TEST_CASE("the last atr is exactly the series' last value") {
  auto bars = test::hourly_bars({100, 103, 99, 104, 101, 107, 102}, 1, 0.02);
  bars[4].high = 115; // a wide bar inside the window
  for (size_t period : {1, 2, 3, 6}) {
    auto last = last_atr(bars, period);
    REQUIRE(last);
    CHECK(*last == atr_series(bars, period).back()); // the same arithmetic, bit for bit
  }
  CHECK_FALSE(last_atr(bars, 7));
  CHECK_FALSE(last_atr(bars, 0));
}

TEST_CASE("median of odd and even counts") {
  CHECK_FALSE(median({}));
  CHECK(*median({3, 1, 2}) == 2);
  CHECK(*median({4, 1, 3, 2}) == Approx(2.5));
}
