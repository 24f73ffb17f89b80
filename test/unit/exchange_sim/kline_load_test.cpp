#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/interval.hpp"

using namespace tn::sim;
using tn::sim::test::data_path;
using tn::sim::test::load;

TEST_CASE("spot dump CSV: microseconds become milliseconds, decimals stay exact") {
  auto s = load("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv");
  CHECK(s.symbol == "BTCUSDT");
  REQUIRE(s.bars.size() == 1440);
  CHECK(s.bars.front().open_time == 1752364800000);
  CHECK(s.bars.front().close_time == 1752364859999);
  CHECK(s.bars.back().open_time == 1752364800000 + 1439 * minute_ms);
  CHECK(s.scale.price == 8);
  CHECK(format_fixed(s.bars.front().open, 8) == "117420.00000000");
  CHECK(format_fixed(s.bars.front().quote_volume, 8) == "92325.73049990");
  CHECK(s.bars.front().trades == 975);
  CHECK(format_fixed(s.tick, 8) == "0.01000000"); // the exchange's tick size
  // Trade ids are consecutive across bars.
  CHECK(s.bars[1].first_trade_id == s.bars[0].last_trade_id() + 1);
}

TEST_CASE("spot day aggregates to the published daily bar") {
  auto s = load("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv");
  auto day = aggregate(s.bars.data(), s.bars.data() + s.bars.size(), *find_interval("1d"));
  REQUIRE(day.size() == 1);
  CHECK(format_fixed(day[0].open, 8) == "117420.00000000");
  CHECK(format_fixed(day[0].high, 8) == "119488.00000000");
  CHECK(format_fixed(day[0].low, 8) == "117224.79000000");
  CHECK(format_fixed(day[0].close, 8) == "119086.64000000");
  CHECK(format_fixed(day[0].volume, 8) == "9550.79294700");
  CHECK(day[0].close_time == 1752364800000 + 86'400'000 - 1);
}

TEST_CASE("futures dump CSV: header skipped, per-column precision kept") {
  auto s = load("futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv");
  CHECK(s.symbol == "AVAXUSDT");
  REQUIRE(s.bars.size() == 41760);
  CHECK(s.bars.front().open_time == 1706745600000);
  CHECK(s.scale.price == 4);
  CHECK(s.scale.qty == 0);
  CHECK(format_fixed(s.bars.front().open, s.scale.price) == "33.1730");
  CHECK(format_fixed(s.bars.front().volume, s.scale.qty) == "31584");
  CHECK(format_fixed(s.bars.front().quote_volume, s.scale.quote) == "1048736.6860");
}

TEST_CASE("REST kline JSON array loads like a dump") {
  auto s = load("spot/klines_1m/BTCUSDT-1m-2024-09-04.api-v3-klines.json");
  REQUIRE(s.bars.size() == 1000);
  CHECK(s.bars.front().open_time == 1725416820000);
  CHECK(format_fixed(s.bars.front().high, 8) == "56714.01000000");
  CHECK(s.bars.front().trades == 1425);
}

TEST_CASE("SYMBOL=FILE names the symbol; unnamed files are refused") {
  kline_series s;
  std::string error;
  REQUIRE(load_klines("solusdt=" + data_path("spot/klines_1m/SOLUSDT-1m-2025-07-13.csv"), s, error));
  CHECK(s.symbol == "SOLUSDT");
  CHECK_FALSE(load_klines("/nonexistent/-x.csv", s, error));
  CHECK(error.find("no symbol") != std::string::npos);
  CHECK(symbol_from_path("/a/b/SOLBTC-1m-2025-07-13.csv") == "SOLBTC");
}

TEST_CASE("malformed or non-1m data is refused with a reason") {
  kline_series s;
  std::string error;
  CHECK_FALSE(parse_kline_csv("1,2,3\n", s, error));
  CHECK(error.find("line 1") != std::string::npos);
  // A 1h bar.
  CHECK_FALSE(parse_kline_csv("0,1,1,1,1,1,3599999,1,1,1,1,0\n", s, error));
  CHECK(error.find("1m") != std::string::npos);
  // Bars out of order.
  CHECK_FALSE(parse_kline_csv("60000,1,1,1,1,1,119999,1,1,1,1,0\n0,1,1,1,1,1,59999,1,1,1,1,0\n", s,
                              error));
  // Close above high.
  CHECK_FALSE(parse_kline_csv("0,1,1,1,2,1,59999,1,1,1,1,0\n", s, error));
  CHECK_FALSE(parse_kline_json("[[1,2]]", s, error));
  CHECK_FALSE(parse_kline_json("{", s, error));
  CHECK_FALSE(parse_kline_csv("", s, error));
}

TEST_CASE("files of one symbol merge in time order; overlaps are refused") {
  auto a = tn::sim::test::tiny_series("XUSDT", 60000 * 10, 3);
  auto b = tn::sim::test::tiny_series("XUSDT", 0, 3);
  auto c = tn::sim::test::tiny_series("YUSDT", 0, 2);
  std::vector<kline_series> all{a, b, c};
  std::string error;
  REQUIRE(merge_series(all, error));
  REQUIRE(all.size() == 2);
  REQUIRE(all[0].bars.size() == 6);
  CHECK(all[0].bars.front().open_time == 0);
  CHECK(all[0].bars.back().open_time == 60000 * 12);
  CHECK(all[0].bars[1].first_trade_id == all[0].bars[0].last_trade_id() + 1);
  std::vector<kline_series> dup{a, a};
  CHECK_FALSE(merge_series(dup, error));
}
