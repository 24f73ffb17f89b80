// The replayed bars from the real spot files: minute by minute over every
// symbol, and history that never shows a bar after the asking time.

#include "actors/market_replay/backtest_config.hpp"
#include "actors/market_replay/replay_data.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace tn;

namespace {

std::string spot(const std::string& name) {
  return std::string{TN_SHARED_DATA} + "/spot/klines_1m/" + name;
}

timestamp at(const std::string& text) {
  timestamp t;
  REQUIRE(parse_utc_time(text, t));
  return t;
}

} // namespace

TEST_CASE("replay data walks two real spot days minute by minute") {
  replay_data data;
  std::string error;
  REQUIRE(data.load({spot("BTCUSDT-1m-2025-07-13.csv"), spot("SOLUSDT-1m-2025-07-13.csv")},
                    error));
  CHECK(data.symbols() == std::vector<std::string>{"BTCUSDT", "SOLUSDT"});
  CHECK(data.size() == 2880);
  CHECK(data.first_open() == at("2025-07-13"));
  CHECK(data.last_close() == at("2025-07-14"));
  auto& btc = data.bars("BTCUSDT");
  CHECK(btc.front().open == Approx(117420.0));
  CHECK(btc.front().closed);

  replay_cursor cursor{data, at("2025-07-13T06:00"), at("2025-07-13T07:00")};
  CHECK(cursor.total() == 120);
  timestamp t;
  std::vector<candle> closed;
  REQUIRE(cursor.next(t, closed));
  CHECK(t == at("2025-07-13T06:01"));
  REQUIRE(closed.size() == 2);
  CHECK(closed[0].symbol == "BTCUSDT");
  CHECK(closed[1].symbol == "SOLUSDT");
  CHECK(closed[0].open_time == at("2025-07-13T06:00"));
  auto batch = closed_batch(closed, t);
  REQUIRE(batch.ticks.size() == 2);
  CHECK(batch.ticks[0].ts_event == t);
  CHECK(batch.ticks[0].bar_open == closed[0].open_time);
  CHECK(batch.ticks[0].price == closed[0].close);
  CHECK(batch.closed.size() == 2);
  size_t events = 1;
  while (cursor.next(t, closed))
    ++events;
  CHECK(events == 60);
  CHECK(t == at("2025-07-13T07:00"));
  CHECK(cursor.done() == 120);
}

TEST_CASE("replay history shows only bars closed by the asking time") {
  replay_data data;
  std::string error;
  REQUIRE(data.load({spot("BTCUSDT-1m-2025-07-13.csv")}, error));
  bar_request minutes{"BTCUSDT", interval::m1, at("2025-07-13T05:00"), at("2025-07-13T06:59")};
  auto bars = data.history(minutes, at("2025-07-13T06:00"));
  REQUIRE(bars.size() == 60);
  CHECK(bars.back().open_time == at("2025-07-13T05:59"));
  bar_request fives{"BTCUSDT", interval::m5, at("2025-07-13T05:00"), at("2025-07-13T06:55")};
  auto agg = data.history(fives, at("2025-07-13T06:07"));
  REQUIRE(agg.size() == 13);
  CHECK(agg.back().open_time == at("2025-07-13T06:00"));
  CHECK(agg.back().span == interval::m5);
  auto& btc = data.bars("BTCUSDT");
  auto six = std::find_if(btc.begin(), btc.end(),
                          [&](const candle& c) { return c.open_time == at("2025-07-13T06:00"); });
  REQUIRE(six != btc.end());
  CHECK(agg.back().open == six->open);
  CHECK(agg.back().close == (six + 4)->close);
  // A day needs every one of its minutes, closed.
  bar_request day{"BTCUSDT", interval::d1, at("2025-07-13"), at("2025-07-13")};
  CHECK(data.history(day, at("2025-07-13T23:59")).empty());
  auto whole = data.history(day, at("2025-07-14"));
  REQUIRE(whole.size() == 1);
  CHECK(whole[0].close == Approx(119086.64));
  CHECK(whole[0].low == Approx(117224.79));
}

TEST_CASE("backtest times parse as UTC") {
  timestamp t;
  CHECK(parse_utc_time("1970-01-02", t));
  CHECK(t == timestamp{std::chrono::hours{24}});
  CHECK(parse_utc_time("2025-07-13T06:01:30Z", t));
  CHECK(parse_utc_time("2025-07-13 06:01", t));
  CHECK_FALSE(parse_utc_time("2025-13-01", t));
  CHECK_FALSE(parse_utc_time("13/07/2025", t));
  CHECK_FALSE(parse_utc_time("2025-07-13T6:01", t));
}
