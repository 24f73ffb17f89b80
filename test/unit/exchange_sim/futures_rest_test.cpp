// Futures market data and the ticker endpoints: shapes, and derived
// numbers that follow the replayed bars.

#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/derivatives.hpp"
#include "tools/exchange-sim/futures_rest.hpp"

#include <simdjson.h>

using namespace tn::sim;

namespace {

constexpr int64_t day0 = 1706745600000; // 2024-02-01
constexpr int64_t wall = 1'800'000'000'000;

struct rest_fixture {
  market m{{tn::sim::test::load("futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv")}};
  exchange_info info{{generated_futures_rules(m.series()[0])}};
  rest_context ctx{wall, day0 + 2 * 86'400'000 + 30 * minute_ms, 1};

  http_reply get(const std::string& target) { return handle_futures_rest(m, info, "GET", target, ctx); }
};

size_t rows(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  REQUIRE_FALSE(parser.parse(body).get_array().get(list));
  return list.size();
}

} // namespace

TEST_CASE_METHOD(rest_fixture, "futures REST: time, exchangeInfo and klines on /fapi") {
  CHECK(get("/fapi/v1/time").body == R"({"serverTime":1800000000000})");
  CHECK(get("/fapi/v1/ping").body == "{}");
  auto info_body = get("/fapi/v1/exchangeInfo").body;
  CHECK(info_body.rfind(R"({"timezone":"UTC","serverTime":1800000000000,"futuresType":"U_MARGINED","rateLimits":[)", 0) == 0);
  CHECK(info_body.find(R"({"symbol":"AVAXUSDT","pair":"AVAXUSDT","contractType":"PERPETUAL",)") != std::string::npos);
  CHECK(info_body.find(R"("pricePrecision":4,"quantityPrecision":0,)") != std::string::npos);
  CHECK(info_body.find(R"({"notional":"5","filterType":"MIN_NOTIONAL"})") != std::string::npos);
  CHECK(rows(get("/fapi/v1/klines?symbol=AVAXUSDT&interval=1h&limit=5").body) == 5);
  CHECK(get("/fapi/v1/ticker/price?symbol=AVAXUSDT").body.find(R"("time":)" + std::to_string(ctx.market_ms))
        != std::string::npos);
}

TEST_CASE_METHOD(rest_fixture, "futures REST: funding every 8 h, open interest and the long/short ratio") {
  auto funding = get("/fapi/v1/fundingRate?symbol=AVAXUSDT");
  CHECK(rows(funding.body) == 6); // 2024-02-01 08:00 .. 02-03 00:00
  CHECK(funding.body.find(R"([{"symbol":"AVAXUSDT","fundingRate":")") == 0);
  CHECK(funding.body.find(R"("fundingTime":1706774400000,"markPrice":")") != std::string::npos);
  CHECK(rows(get("/fapi/v1/fundingRate?symbol=AVAXUSDT&limit=2").body) == 2);
  CHECK(rows(get("/fapi/v1/fundingRate?symbol=AVAXUSDT&startTime=1706774400000&endTime=1706803200000").body) == 2);
  auto premium = get("/fapi/v1/premiumIndex?symbol=AVAXUSDT");
  CHECK(premium.body.find(R"("nextFundingTime":1706947200000,"time":)") != std::string::npos);
  auto oi = get("/fapi/v1/openInterest?symbol=AVAXUSDT");
  const auto& s = m.series()[0];
  CHECK(oi.body == R"({"openInterest":")" + format_fixed(open_interest(s, ctx.market_ms), s.scale.qty)
                     + R"(","symbol":"AVAXUSDT","time":)" + std::to_string(ctx.market_ms) + "}");
  CHECK(open_interest(s, ctx.market_ms) > 0);
  auto hist = get("/futures/data/openInterestHist?symbol=AVAXUSDT&period=1h&limit=3");
  CHECK(rows(hist.body) == 3);
  CHECK(hist.body.find(R"({"symbol":"AVAXUSDT","sumOpenInterest":")") == 1);
  auto ratio = get("/futures/data/globalLongShortAccountRatio?symbol=AVAXUSDT&period=4h");
  CHECK(rows(ratio.body) == 12);
  CHECK(ratio.body.find(R"("longShortRatio":")") != std::string::npos);
  CHECK(get("/futures/data/globalLongShortAccountRatio?symbol=AVAXUSDT&period=3m").body
        == R"({"code":-1120,"msg":"Invalid period."})");
  CHECK(get("/fapi/v1/openInterest").body
        == R"({"code":-1102,"msg":"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."})");
}

TEST_CASE_METHOD(rest_fixture, "tickers: 24hr statistics over the last day, and bookTicker") {
  auto day = get("/fapi/v1/ticker/24hr?symbol=AVAXUSDT");
  const auto& s = m.series()[0];
  auto last = *current_price(s, ctx);
  CHECK(day.body.find(R"("lastPrice":")" + format_fixed(last, s.scale.price) + "\"") != std::string::npos);
  CHECK(day.body.find(R"("closeTime":)" + std::to_string(ctx.market_ms)) != std::string::npos);
  CHECK(day.body.find("prevClosePrice") == std::string::npos);
  auto spot = handle_rest(m, info, "GET", "/api/v3/ticker/24hr?symbol=AVAXUSDT", ctx);
  CHECK(spot.body.find(R"("prevClosePrice":")") != std::string::npos);
  CHECK(spot.body.find(R"("openTime":)" + std::to_string(ctx.market_ms - 86'400'000)) != std::string::npos);
  auto book = handle_rest(m, info, "GET", "/api/v3/ticker/bookTicker?symbol=AVAXUSDT", ctx);
  CHECK(book.body == R"({"symbol":"AVAXUSDT","bidPrice":")" + format_fixed(last, s.scale.price)
                       + R"(","bidQty":")" + format_fixed(s.lot, s.scale.qty) + R"(","askPrice":")"
                       + format_fixed(last + s.tick, s.scale.price) + R"(","askQty":")"
                       + format_fixed(s.lot, s.scale.qty) + "\"}");
}
