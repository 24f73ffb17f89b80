// USDⓈ-M futures on the same port over TLS: a long opened, an exchange-side
// closePosition stop (algo order) that closes it when the replayed price
// falls through, and the futures data a client reads.

#include "test/integration/exchange_sim/sim_client.hpp"
#include "tools/exchange-sim/fixed.hpp"

#include <simdjson.h>

using namespace tn::test;

namespace {

std::string stop_below(sim_client& c) {
  auto r = c.send("GET", "/fapi/v1/ticker/price?symbol=BTCUSDT");
  REQUIRE(r.ok());
  auto at = r.response.body.find(R"("price":")");
  REQUIRE(at != std::string::npos);
  auto text = r.response.body.substr(at + 9, r.response.body.find('"', at + 9) - at - 9);
  tn::sim::units p = 0;
  REQUIRE(tn::sim::parse_fixed(text, 8, p));
  return tn::sim::format_fixed(p - 1'000'000, 8); // one cent below
}

} // namespace

TEST_CASE("exchange-sim futures: a closePosition stop closes the long when the price falls through") {
  sim_client c;
  auto buy = c.signed_call("POST", "/fapi/v1/order",
                           "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=fut-1");
  INFO(buy.response.body);
  REQUIRE(buy.response.status == 200);
  CHECK(buy.response.body.find(R"("status":"FILLED")") != std::string::npos);
  CHECK(buy.response.header("X-MBX-ORDER-COUNT-1M") == "1");
  auto risk = c.signed_call("GET", "/fapi/v3/positionRisk", "symbol=BTCUSDT");
  CHECK(risk.response.body.find(R"("positionAmt":"0.01000000")") != std::string::npos);

  tn::net::http_result stop;
  for (int i = 0; i < 10; ++i) { // again if the price fell through it meanwhile (-2021)
    stop = c.signed_call("POST", "/fapi/v1/algoOrder",
                         "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET"
                         "&closePosition=true&workingType=MARK_PRICE&clientAlgoId=fut-1-sl&triggerPrice="
                           + stop_below(c));
    if (stop.response.body.find("-2021") == std::string::npos)
      break;
  }
  INFO(stop.response.body);
  REQUIRE(stop.response.status == 200);
  std::string status;
  for (int i = 0; i < 400 && status != "FINISHED"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
    auto q = c.signed_call("GET", "/fapi/v1/algoOrder", "clientAlgoId=fut-1-sl");
    auto at = q.response.body.find(R"("algoStatus":")");
    if (at != std::string::npos)
      status = q.response.body.substr(at + 14, q.response.body.find('"', at + 14) - at - 14);
  }
  CHECK(status == "FINISHED");
  CHECK(c.signed_call("GET", "/fapi/v3/positionRisk", "symbol=BTCUSDT").response.body == "[]");
  auto trades = c.signed_call("GET", "/fapi/v1/userTrades", "symbol=BTCUSDT");
  CHECK(trades.response.body.find(R"("side":"SELL")") != std::string::npos);
  CHECK(c.record_text().find(R"({"event":"order","market":"futures_algo","symbol":"BTCUSDT","orderId":1,)"
                             R"("clientOrderId":"fut-1-sl")") != std::string::npos);
}

TEST_CASE("exchange-sim futures: market data, funding and open interest on /fapi and /futures/data") {
  sim_client c;
  for (const char* target :
       {"/fapi/v1/exchangeInfo", "/fapi/v1/time", "/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=3",
        "/fapi/v1/ticker/24hr?symbol=BTCUSDT", "/fapi/v1/premiumIndex?symbol=BTCUSDT",
        "/fapi/v1/fundingRate?symbol=BTCUSDT", "/fapi/v1/openInterest?symbol=BTCUSDT",
        "/futures/data/openInterestHist?symbol=BTCUSDT&period=5m",
        "/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m",
        "/api/v3/ticker/24hr?symbol=BTCUSDT", "/api/v3/ticker/bookTicker?symbol=BTCUSDT",
        "/dapi/v1/exchangeInfo"}) {
    auto r = c.send("GET", target);
    INFO(target << " " << r.response.body);
    CHECK(r.response.status == 200);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    CHECK_FALSE(parser.parse(r.response.body).get(doc));
  }
  CHECK(c.signed_call("GET", "/sapi/v1/capital/config/getall", "").response.body == "[]");
  auto balance = c.signed_call("GET", "/fapi/v2/balance", "");
  CHECK(balance.response.body.find(R"("asset":"USDT","balance":"10000.00000000")") != std::string::npos);
  auto leverage = c.signed_call("POST", "/fapi/v1/leverage", "symbol=BTCUSDT&leverage=3");
  CHECK(leverage.response.body == R"({"leverage":3,"maxNotionalValue":"1000000","symbol":"BTCUSDT"})");
}
