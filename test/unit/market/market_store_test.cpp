#include "actors/market_store/aggregate.hpp"
#include "actors/market_store/market_store.hpp"

#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

tick_batch closing(const candle& c) {
  tick_batch b;
  b.ticks.push_back({c.symbol, c.open_time + 59999ms, c.open_time, c.close, c.volume});
  b.closed.push_back(c);
  return b;
}

// The requests for one bar: refills, not warm-ups.
std::vector<bar_request> refills_of(const std::vector<bar_request>& requests) {
  std::vector<bar_request> out;
  for (auto& r : requests)
    if (r.count() == 1)
      out.push_back(r);
  return out;
}

} // namespace

TEST_CASE("a real day of 1m bars aggregates to Binance's own daily bar") {
  auto minutes = test::read_dump_csv(test::shared_data("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv"),
                                     "BTCUSDT");
  REQUIRE(minutes.size() == 1440);
  market_store store{{"BTCUSDT"}, 1000, 500};
  std::vector<bar_request> requests;
  for (auto& m : minutes)
    store.on_batch(closing(m), requests);
  // The first tick asks for warm-up history of every interval.
  REQUIRE(requests.size() == 6);
  CHECK(requests[0].span == interval::m1);
  CHECK(requests[0].count() == 500);
  CHECK(requests[0].last == minutes[0].open_time - 1min);
  auto daily = store.last("BTCUSDT", interval::d1, 10);
  REQUIRE(daily.size() == 1);
  CHECK(daily[0].open == 117420);
  CHECK(daily[0].high == 119488);
  CHECK(daily[0].low == Approx(117224.79));
  CHECK(daily[0].close == Approx(119086.64));
  CHECK(daily[0].volume == Approx(9550.792947));
  CHECK(store.last("BTCUSDT", interval::h4, 100).size() == 6);
  CHECK(store.last("BTCUSDT", interval::h1, 100).size() == 24);
  CHECK(store.last("BTCUSDT", interval::m15, 1000).size() == 96);
  CHECK(store.last("BTCUSDT", interval::m5, 1000).size() == 288);
  CHECK(store.last("BTCUSDT", interval::m1, 2000).size() == 1440);
  CHECK(*store.last_price("BTCUSDT") == Approx(119086.64));
}

TEST_CASE("a longer bar with a missing minute is refilled, not approximated") {
  auto minutes = test::read_dump_csv(test::shared_data("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv"),
                                     "BTCUSDT");
  market_store store{{"BTCUSDT"}, 1000, 0};
  std::vector<bar_request> requests;
  for (size_t i = 0; i < 60; ++i)
    if (i != 17)
      store.on_batch(closing(minutes[i]), requests);
  CHECK(store.last("BTCUSDT", interval::m15, 10).size() == 3); // 0, 30 and 45 complete
  CHECK(store.last("BTCUSDT", interval::h1, 10).empty());
  auto refills = refills_of(requests);
  REQUIRE(refills.size() == 3);
  CHECK(refills[0].span == interval::m5);
  CHECK(refills[0].first == minutes[15].open_time);
  CHECK(refills[1].span == interval::m15);
  CHECK(refills[1].first == minutes[15].open_time);
  CHECK(refills[2].span == interval::h1);
  CHECK(refills[2].first == minutes[0].open_time);
  auto hourly = aggregate(std::vector<candle>{minutes.begin(), minutes.begin() + 60}, interval::h1,
                          minutes[0].open_time);
  REQUIRE(hourly);
  store.on_history({*hourly});
  CHECK(store.last("BTCUSDT", interval::h1, 10).size() == 1);
}

TEST_CASE("history and live bars merge in order without duplicates") {
  auto minutes = test::read_dump_csv(test::shared_data("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv"),
                                     "BTCUSDT");
  market_store store{{"BTCUSDT"}, 100, 50};
  std::vector<bar_request> requests;
  for (size_t i = 50; i < 60; ++i)
    store.on_batch(closing(minutes[i]), requests);
  store.on_history({minutes.begin(), minutes.begin() + 55}); // overlaps live bars
  auto kept = store.last("BTCUSDT", interval::m1, 1000);
  REQUIRE(kept.size() == 60);
  for (size_t i = 0; i < kept.size(); ++i)
    CHECK(kept[i].open_time == minutes[i].open_time);
  CHECK(store.last("ETHUSDT", interval::m1, 10).empty());
}

TEST_CASE("bar boundaries are aligned to UTC") {
  auto t = from_unix_ms(1752364800000) + 3h + 59min; // 2025-07-13 03:59
  CHECK(closes_bar(t, interval::h4));
  CHECK(closes_bar(t, interval::h1));
  CHECK_FALSE(closes_bar(t, interval::d1));
  CHECK(bar_start(t, interval::h4) == from_unix_ms(1752364800000));
  CHECK(bar_start(t, interval::m15) == t - 14min);
}

TEST_CASE("a longer bar whose last minute never came is asked for at the next bar's first minute") {
  auto minutes = test::read_dump_csv(test::shared_data("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv"),
                                     "BTCUSDT");
  market_store store{{"BTCUSDT"}, 1000, 0};
  std::vector<bar_request> requests;
  for (size_t i = 0; i < 62; ++i)
    if (i != 59) // the 00:59 bar is lost for good
      store.on_batch(closing(minutes[i]), requests);
  auto refills = refills_of(requests);
  REQUIRE(refills.size() == 3);
  CHECK(refills[0].span == interval::m5);
  CHECK(refills[0].first == minutes[55].open_time);
  CHECK(refills[1].span == interval::m15);
  CHECK(refills[1].first == minutes[45].open_time);
  CHECK(refills[2].span == interval::h1);
  CHECK(refills[2].first == minutes[0].open_time);
  // The same lost minute is asked for once, not at every later minute.
  auto asked = requests.size();
  store.on_batch(closing(minutes[62]), requests);
  CHECK(requests.size() == asked);
}

TEST_CASE("a longer bar whose last minute arrives late through a gap fill is built from it") {
  auto minutes = test::read_dump_csv(test::shared_data("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv"),
                                     "BTCUSDT");
  market_store store{{"BTCUSDT"}, 1000, 0};
  std::vector<bar_request> requests;
  for (size_t i = 0; i < 61; ++i)
    store.on_batch(closing(minutes[i]), requests);
  CHECK(store.last("BTCUSDT", interval::h1, 10).size() == 1);
  CHECK(refills_of(requests).empty());
}
