// The signed futures endpoints as pure functions: order and algo order
// bodies, positions and balances after fills, every error code path, and
// conditional orders firing against the market.

#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/futures_api.hpp"
#include "tools/exchange-sim/futures_rest.hpp"

using namespace tn::sim;

namespace {

constexpr int64_t day0 = 1706745600000; // 2024-02-01, the first bar of the futures file
constexpr int64_t wall = 1'800'000'000'000;

struct futures_fixture {
  market m{{tn::sim::test::load("futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv")}};
  exchange_info info{{generated_futures_rules(m.series()[0])}};
  order_record record;
  futures_engine engine{account_options{}, record};
  rest_context ctx{wall, day0 + 10 * minute_ms, 1};

  http_reply call(std::string_view method, const std::string& target) {
    return handle_futures_private(engine, m, info, method, parse_target(target), ctx);
  }
  http_reply post(const std::string& params) { return call("POST", "/fapi/v1/order?" + params); }
  http_reply algo(const std::string& params) {
    return call("POST", "/fapi/v1/algoOrder?algoType=CONDITIONAL&symbol=AVAXUSDT&" + params);
  }
  units last() const { return to_order_scale(*current_price(m.series()[0], ctx), m.series()[0].scale.price); }
  std::string price(units v) const { return format_fixed(v / pow10(8 - m.series()[0].scale.price), m.series()[0].scale.price); }
};

std::string body_error(const http_reply& r) {
  return std::to_string(r.status) + " " + r.body;
}

} // namespace

TEST_CASE_METHOD(futures_fixture, "futures: a MARKET BUY opens a long; positionRisk, balance and a reduce-only close") {
  INFO("last " << price(last()));
  REQUIRE(call("POST", "/fapi/v1/leverage?symbol=AVAXUSDT&leverage=5").body
          == R"({"leverage":5,"maxNotionalValue":"1000000","symbol":"AVAXUSDT"})");
  auto r = post("symbol=AVAXUSDT&side=BUY&type=MARKET&quantity=10&newClientOrderId=f-1");
  REQUIRE(r.status == 200);
  auto p = price(last());
  auto quote = format_fixed(last() * 10 / pow10(8 - m.series()[0].scale.quote), m.series()[0].scale.quote);
  CHECK(r.body == R"({"clientOrderId":"f-1","cumQty":"10","cumQuote":")" + quote +
                  R"(","executedQty":"10","orderId":1,"avgPrice":")" + p +
                  R"(","origQty":"10","price":")" + price(0) +
                  R"(","reduceOnly":false,"side":"BUY","positionSide":"BOTH","status":"FILLED","stopPrice":")" + price(0) +
                  R"(","closePosition":false,"symbol":"AVAXUSDT","timeInForce":"GTC","type":"MARKET","origType":"MARKET",)"
                  R"("updateTime":1800000000000,"workingType":"CONTRACT_PRICE","priceProtect":false,"priceMatch":"NONE",)"
                  R"("selfTradePreventionMode":"EXPIRE_MAKER","goodTillDate":0})");
  auto risk = call("GET", "/fapi/v2/positionRisk?symbol=AVAXUSDT");
  CHECK(risk.body.find(R"({"symbol":"AVAXUSDT","positionAmt":"10","entryPrice":")" + p + "\"") == 1);
  CHECK(risk.body.find(R"("leverage":"5","maxNotionalValue":"1000000","marginType":"cross")") != std::string::npos);
  CHECK(call("GET", "/fapi/v3/positionRisk").body.find(R"("positionSide":"BOTH","positionAmt":"10")") != std::string::npos);
  auto fee = last() * 10 / 1000; // 0.1 % taker of the notional
  CHECK(engine.wallet() == 10000 * pow10(8) - fee);
  CHECK(call("GET", "/fapi/v2/balance").body.find(R"("balance":")" + format_fixed(engine.wallet(), 8) + "\"")
        != std::string::npos);
  CHECK(body_error(post("symbol=AVAXUSDT&side=BUY&type=MARKET&quantity=1&reduceOnly=true"))
        == R"(400 {"code":-2022,"msg":"ReduceOnly Order is rejected."})");
  // sell 10 at a higher mark: the gain is realized
  engine.on_market("AVAXUSDT", last(), last() + pow10(8), last() + pow10(8), wall + 1000);
  auto close = post("symbol=AVAXUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=10&reduceOnly=true&price="
                    + price(last() + pow10(8)));
  REQUIRE(close.status == 200);
  engine.on_market("AVAXUSDT", last(), last() + pow10(8) + pow10(6), last(), wall + 2000);
  CHECK(engine.position("AVAXUSDT").amt == 0);
  auto trades = call("GET", "/fapi/v1/userTrades?symbol=AVAXUSDT");
  CHECK(trades.body.find(R"("realizedPnl":"10.00000000")") != std::string::npos);
  CHECK(call("GET", "/fapi/v3/positionRisk").body == "[]");
}

TEST_CASE_METHOD(futures_fixture, "futures: a closePosition stop on the algo endpoint closes the long when the price falls") {
  REQUIRE(post("symbol=AVAXUSDT&side=BUY&type=MARKET&quantity=10").status == 200);
  auto stop = last() - 50 * pow10(6); // 0.5 below
  CHECK(body_error(post("symbol=AVAXUSDT&side=SELL&type=STOP_MARKET&stopPrice=1&closePosition=true"))
        == R"(400 {"code":-4120,"msg":"Order type not supported for this endpoint. Please use the Algo Order API endpoints instead."})");
  CHECK(body_error(algo("side=SELL&type=STOP_MARKET&closePosition=true&triggerPrice=" + price(last() + pow10(8))))
        == R"(400 {"code":-2021,"msg":"Order would immediately trigger."})");
  auto a = algo("side=SELL&type=STOP_MARKET&closePosition=true&workingType=MARK_PRICE&clientAlgoId=sl-1&triggerPrice="
                + price(stop));
  REQUIRE(a.status == 200);
  CHECK(a.body.rfind(R"({"algoId":1,"clientAlgoId":"sl-1","algoType":"CONDITIONAL","orderType":"STOP_MARKET",)"
                     R"("symbol":"AVAXUSDT","side":"SELL","positionSide":"BOTH","timeInForce":"GTC","quantity":"0",)"
                     R"("algoStatus":"NEW","triggerPrice":")" + price(stop) + "\"", 0) == 0);
  CHECK(call("GET", "/fapi/v1/openAlgoOrders?symbol=AVAXUSDT").body == "[" + a.body + "]");
  engine.on_market("AVAXUSDT", stop + 1, last(), last(), wall + 1000);
  CHECK(engine.position("AVAXUSDT").amt == 10 * pow10(8));
  engine.on_market("AVAXUSDT", stop - pow10(6), last(), stop, wall + 2000);
  CHECK(engine.position("AVAXUSDT").amt == 0);
  auto q = call("GET", "/fapi/v1/algoOrder?clientAlgoId=sl-1");
  CHECK(q.body.find(R"("algoStatus":"FINISHED")") != std::string::npos);
  CHECK(q.body.find(R"("triggerTime":1800000002000)") != std::string::npos);
  CHECK(q.body.find(R"("actualOrderId":"2")") != std::string::npos);
  auto child = call("GET", "/fapi/v1/order?symbol=AVAXUSDT&orderId=2");
  CHECK(child.body.find(R"("avgPrice":")" + price(stop) + "\"") != std::string::npos);
  CHECK(child.body.find(R"("reduceOnly":true)") != std::string::npos);
  CHECK(body_error(call("DELETE", "/fapi/v1/algoOrder?clientAlgoId=sl-1"))
        == R"(400 {"code":-2011,"msg":"Unknown order sent."})");
  CHECK(record.text().find(R"({"event":"fill","market":"futures","symbol":"AVAXUSDT","tradeId":2,"orderId":2)")
        != std::string::npos);
}

TEST_CASE_METHOD(futures_fixture, "futures: GTX, margin, duplicates, unknown orders and filters give Binance's codes") {
  auto above = price(last() + pow10(8));
  CHECK(body_error(post("symbol=AVAXUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=1&price=" + above)).find(
          R"(400 {"code":-5022,"msg":"Due to the order could not be executed as maker, the Post Only order will be rejected.)")
        == 0);
  auto below = price(last() - pow10(8));
  REQUIRE(post("symbol=AVAXUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=1&newClientOrderId=g&price=" + below)
            .status == 200);
  CHECK(body_error(post("symbol=AVAXUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&newClientOrderId=g&price=" + below))
        == R"(400 {"code":-4116,"msg":"ClientOrderId is duplicated."})");
  CHECK(body_error(post("symbol=AVAXUSDT&side=BUY&type=MARKET&quantity=100000"))
        == R"(400 {"code":-2019,"msg":"Margin is insufficient."})");
  CHECK(body_error(call("GET", "/fapi/v1/order?symbol=AVAXUSDT&origClientOrderId=none"))
        == R"(400 {"code":-2013,"msg":"Order does not exist."})");
  auto cancel = call("DELETE", "/fapi/v1/order?symbol=AVAXUSDT&origClientOrderId=g");
  CHECK(cancel.body.find(R"("status":"CANCELED")") != std::string::npos);
  CHECK(body_error(call("DELETE", "/fapi/v1/order?symbol=AVAXUSDT&origClientOrderId=g"))
        == R"(400 {"code":-2011,"msg":"Unknown order sent."})");
  CHECK(body_error(post("symbol=AVAXUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=" + below + "1"))
        .find(R"("code":-1013,"msg":"Filter failure: PRICE_FILTER")") != std::string::npos);
  CHECK(body_error(post("symbol=AVAXUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=" + below))
        == R"(400 {"code":-1013,"msg":"Filter failure: LOT_SIZE"})");
  CHECK(body_error(post("symbol=AVAXUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1.0000"))
        == R"(400 {"code":-1013,"msg":"Filter failure: MIN_NOTIONAL"})");
  CHECK(body_error(call("POST", "/fapi/v1/marginType?symbol=AVAXUSDT&marginType=CROSSED"))
        == R"(400 {"code":-4046,"msg":"No need to change margin type."})");
  CHECK(body_error(call("POST", "/fapi/v1/marginType?symbol=AVAXUSDT&marginType=ISOLATED"))
        == R"(200 {"code":200,"msg":"success"})");
  CHECK(body_error(call("POST", "/fapi/v1/leverage?symbol=AVAXUSDT&leverage=126"))
        == R"(400 {"code":-4028,"msg":"Leverage 126 is not valid"})");
}

TEST_CASE_METHOD(futures_fixture, "futures: leverage brackets, and a fresh account's assets carry a time") {
  CHECK(call("GET", "/fapi/v1/leverageBracket?symbol=AVAXUSDT").body
        == R"([{"symbol":"AVAXUSDT","brackets":[{"bracket":1,"initialLeverage":125,"notionalCap":1000000,)"
           R"("notionalFloor":0,"maintMarginRatio":0.004,"cum":0.0}]}])");
  // ccxt skips assets whose updateTime is 0 as uninitialized
  auto account = call("GET", "/fapi/v2/account").body;
  CHECK(account.find(R"("maxWithdrawAmount":"10000.00000000","updateTime":1800000000000}])") != std::string::npos);
}

TEST_CASE_METHOD(futures_fixture, "futures: a resting limit larger than the market's share fills in several trades") {
  auto bid = last() - pow10(8);
  REQUIRE(post("symbol=AVAXUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=25&price=" + price(bid)
               + "&newClientOrderId=ladder").status == 200);
  // 100 AVAX traded per update: a tenth, 10, may fill
  auto update = [&] { return fill_budget{100 * pow10(8), pow10(8) / 10, pow10(8)}; };
  engine.on_market("AVAXUSDT", bid - pow10(6), last(), last(), wall + 1000, update());
  auto q = call("GET", "/fapi/v1/order?symbol=AVAXUSDT&origClientOrderId=ladder");
  CHECK(q.body.find(R"("executedQty":"10",)") != std::string::npos);
  CHECK(q.body.find(R"("status":"PARTIALLY_FILLED")") != std::string::npos);
  CHECK(engine.position("AVAXUSDT").amt == 10 * pow10(8));
  engine.on_market("AVAXUSDT", bid - pow10(6), last(), last(), wall + 2000, update());
  engine.on_market("AVAXUSDT", bid - pow10(6), last(), last(), wall + 3000, update());
  q = call("GET", "/fapi/v1/order?symbol=AVAXUSDT&origClientOrderId=ladder");
  CHECK(q.body.find(R"("executedQty":"25",)") != std::string::npos);
  CHECK(q.body.find(R"("status":"FILLED")") != std::string::npos);
  CHECK(engine.position("AVAXUSDT").amt == 25 * pow10(8));
  CHECK(engine.position("AVAXUSDT").entry == bid);
  auto trades = engine.trades("AVAXUSDT", 0);
  REQUIRE(trades.size() == 3);
  CHECK(trades[0]->qty == 10 * pow10(8));
  CHECK(trades[2]->qty == 5 * pow10(8));
  units fees = 0;
  for (const auto* t : trades) {
    CHECK(t->maker);
    CHECK(t->commission == mul8(t->quote_qty, account_options{}.maker_fee));
    fees += t->commission;
  }
  CHECK(trades[0]->trade_id != trades[1]->trade_id);
  CHECK(engine.wallet() == 10000 * pow10(8) - fees);
}
