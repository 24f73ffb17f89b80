#include "actors/market_listener/rest_klines.hpp"

#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE("a recorded /api/v3/klines body parses into 1000 contiguous 1m bars") {
  auto body = test::read_file(test::shared_data("spot/klines_1m/BTCUSDT-1m-2024-09-04.api-v3-klines.json"));
  std::vector<candle> bars;
  std::string error;
  // Market time just after the last bar opened: that bar is still forming.
  auto now = from_unix_ms(1725476760000) + 30s;
  REQUIRE(parse_klines(body, "BTCUSDT", interval::m1, now, bars, error));
  REQUIRE(bars.size() == 1000);
  for (size_t i = 1; i < bars.size(); ++i)
    REQUIRE(bars[i].open_time - bars[i - 1].open_time == 1min);
  CHECK(bars.front().symbol == "BTCUSDT");
  CHECK(bars.front().low >= 56187.61);
  CHECK(bars[998].closed);
  CHECK_FALSE(bars.back().closed);
}

TEST_CASE("malformed klines bodies are refused with a reason") {
  std::vector<candle> bars;
  std::string error;
  CHECK_FALSE(parse_klines(R"({"code":-1121,"msg":"Invalid symbol."})", "X", interval::m1, {}, bars, error));
  CHECK(error == "klines: body is not a JSON array");
  CHECK_FALSE(parse_klines(R"([[1,"1","2","0.5","1.5","10",2,"15",3,"4"]])", "X", interval::m1, {}, bars, error));
  CHECK(error == "klines: malformed row 0");
  CHECK_FALSE(parse_klines(R"([[1,"1","2","0.5","1.5","10",2,"15",3,"4","5","0"],[2,"x"]])", "X", interval::m1, {}, bars, error));
  CHECK(error == "klines: malformed row 1");
  CHECK(bars.empty());
}

TEST_CASE("a klines request target names the range in milliseconds and caps the limit") {
  bar_request req{"BTCUSDT", interval::h1, from_unix_ms(0), from_unix_ms(0) + 2h};
  CHECK(req.count() == 3);
  CHECK(klines_target("/api/v3", req)
        == "/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=0&endTime=7200000&limit=3");
  req.last = req.first + 5000h;
  CHECK(klines_target("/fapi/v1", req).find("&limit=1000") != std::string::npos);
}
