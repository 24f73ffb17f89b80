// Daily kline files for `tradenode regime`: dump CSVs in milliseconds and
// microseconds, REST bodies (last bar dropped), and what is refused.

#include "actors/regime/kline_file.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tn;

namespace {

// 2023-12-31, 2024-01-01 and 2024-01-02 of BTCUSDT spot (the values of the
// shared REST file), written as Binance's spot dump writes them.
const char* csv_ms =
  "1703980800000,42140.29000000,42899.00000000,41965.84000000,42283.58000000,"
  "23585.91603000,1704067199999,1001519241.55590540,1016484,11997.14865000,509478742.74451080,0\n"
  "1704067200000,42283.58000000,44184.10000000,42180.77000000,44179.55000000,"
  "27174.29903000,1704153599999,1169995682.02800140,1114623,14331.73180000,617352094.56051940,0\n"
  "1704153600000,44179.55000000,45879.63000000,44148.34000000,44946.91000000,"
  "65146.40661000,1704239999999,2944331821.82307620,2247532,33817.14447000,1527964124.23758480,0\n";

} // namespace

TEST_CASE("a dump CSV in milliseconds gives one close per day") {
  daily_file f;
  std::string error;
  REQUIRE(parse_daily_klines(csv_ms, f, error));
  CHECK(f.format == "csv");
  CHECK_FALSE(f.dropped_last);
  REQUIRE(f.closes.size() == 3);
  CHECK(to_unix_ms(f.closes[1].day) == 1704067200000);
  CHECK(f.closes[1].close == 44179.55);
  auto r = newest_log_returns(f.closes);
  REQUIRE(r.size() == 2);
  CHECK(r[0] == Approx(std::log(44179.55 / 42283.58)));
}

TEST_CASE("a futures dump CSV with its header and CRLF, and a spot one in microseconds") {
  std::string header =
    "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
    "taker_buy_quote_volume,ignore\r\n";
  std::string rows = "1704067200000,1,2,0.5,1.5,10,1704153599999,15,3,5,7,0\r\n"
                     "1704153600000,1.5,2,1,1.8,10,1704239999999,15,3,5,7,0\r\n";
  daily_file f;
  std::string error;
  REQUIRE(parse_daily_klines(header + rows, f, error));
  CHECK(f.closes.size() == 2);
  std::string micros = "1752364800000000,1,2,0.5,1.5,10,1752451199999999,15,3,5,7,0\n"
                       "1752451200000000,1.5,2,1,1.8,10,1752537599999999,15,3,5,7,0\n";
  REQUIRE(parse_daily_klines(micros, f, error));
  REQUIRE(f.closes.size() == 2);
  CHECK(to_unix_ms(f.closes[0].day) == 1752364800000);
}

TEST_CASE("a REST body loses its last bar, which may have been open") {
  std::string body =
    "[[1704067200000,\"1\",\"2\",\"0.5\",\"1.5\",\"10\",1704153599999,\"15\",3,\"5\",\"7\",\"0\"],"
    "[1704153600000,\"1.5\",\"2\",\"1\",\"1.8\",\"10\",1704239999999,\"15\",3,\"5\",\"7\",\"0\"],"
    "[1704240000000,\"1.8\",\"2\",\"1\",\"1.9\",\"10\",1704326399999,\"15\",3,\"5\",\"7\",\"0\"]]";
  daily_file f;
  std::string error;
  REQUIRE(parse_daily_klines(body, f, error));
  CHECK(f.format == "rest-json");
  CHECK(f.dropped_last);
  REQUIRE(f.closes.size() == 2);
  CHECK(f.closes.back().close == 1.8);
}

TEST_CASE("kline files that are not a daily series are refused with the reason") {
  daily_file f;
  std::string error;
  SECTION("1m bars") {
    CHECK_FALSE(parse_daily_klines(
      "1752364800000000,1,2,0.5,1.5,10,1752364859999999,15,3,5,7,0\n", f, error));
    CHECK(error.find("not a daily kline") != std::string::npos);
  }
  SECTION("a missing day") {
    std::string rows = "1704067200000,1,2,0.5,1.5,10,1704153599999,15,3,5,7,0\n"
                       "1704240000000,1.5,2,1,1.8,10,1704326399999,15,3,5,7,0\n";
    CHECK_FALSE(parse_daily_klines(rows, f, error));
    CHECK(error == "no bar between 2024-01-01 and 2024-01-03: the daily series has a gap");
  }
  SECTION("days out of order") {
    std::string rows = "1704153600000,1.5,2,1,1.8,10,1704239999999,15,3,5,7,0\n"
                       "1704067200000,1,2,0.5,1.5,10,1704153599999,15,3,5,7,0\n";
    CHECK_FALSE(parse_daily_klines(rows, f, error));
    CHECK(error.find("does not open after the previous one") != std::string::npos);
  }
  SECTION("a malformed row") {
    CHECK_FALSE(parse_daily_klines("1704067200000,1,2\n", f, error));
    CHECK(error == "line 1: not a Binance kline row");
  }
  SECTION("a REST body that is not an array of rows") {
    CHECK_FALSE(parse_daily_klines("[{\"openTime\": 1}]", f, error));
    CHECK(error.find("malformed row") != std::string::npos);
  }
  SECTION("a file that is not there") {
    CHECK_FALSE(read_daily_klines("/nonexistent/klines.csv", f, error));
    CHECK(error == "cannot read /nonexistent/klines.csv");
  }
}

TEST_CASE("log returns stop at a missing day and keep the newest ones") {
  using namespace std::chrono;
  auto day = [](int d) { return timestamp{hours{24 * (19000 + d)}}; };
  std::vector<daily_close> closes{{day(0), 100}, {day(1), 110}, {day(3), 99}, {day(4), 108},
                                  {day(5), 120}};
  auto all = newest_log_returns(closes);
  REQUIRE(all.size() == 2);
  CHECK(all[0] == Approx(std::log(108.0 / 99)));
  CHECK(all[1] == Approx(std::log(120.0 / 108)));
  auto one = newest_log_returns(closes, 1);
  REQUIRE(one.size() == 1);
  CHECK(one[0] == all[1]);
  CHECK(newest_log_returns({}).empty());
}
