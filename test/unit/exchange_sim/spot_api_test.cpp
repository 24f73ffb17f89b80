// The signed spot endpoints as pure functions: bodies byte for byte, every
// error code path, and matching against the replayed market.

#include "test/unit/exchange_sim/test_data.hpp"
#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/render.hpp"
#include "tools/exchange-sim/spot_api.hpp"

#include <simdjson.h>

using namespace tn::sim;

namespace {

constexpr int64_t day0 = 1752364800000; // 2025-07-13, the first bar of the spot file
constexpr int64_t wall = 1'800'000'000'000;

struct spot_fixture {
  market m{{tn::sim::test::load("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv")}};
  exchange_info info{{generated_rules(m.series()[0])}};
  order_record record;
  spot_engine engine{account_options{}, record};
  rest_context ctx{wall, day0 + 10 * minute_ms, 1};

  http_reply call(std::string_view method, const std::string& target) {
    return handle_spot_private(engine, m, info, method, parse_target(target), ctx);
  }
  http_reply post(const std::string& params) { return call("POST", "/api/v3/order?" + params); }

  /// The price now, at 8 decimals.
  units last() const { return to_order_scale(*current_price(m.series()[0], ctx), 8); }
  static std::string text(units v) { return format_fixed(v, 8); }

  std::string balance(const std::string& asset) {
    auto it = engine.balances().find(asset);
    return it == engine.balances().end()
             ? "none"
             : text(it->second.free) + "/" + text(it->second.locked);
  }
};

std::string body_error(const http_reply& r) {
  return std::to_string(r.status) + " " + r.body;
}

} // namespace

TEST_CASE_METHOD(spot_fixture, "spot: a LIMIT BUY below the price rests and locks its quote") {
  auto price = last() - 100 * pow10(8); // 100 USDT below
  auto r = post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price="
                + text(price) + "&newClientOrderId=dec-1-entry");
  REQUIRE(r.status == 200);
  CHECK(r.body == R"({"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"dec-1-entry",)"
                  R"("transactTime":1800000000000,"price":")" + text(price) +
                  R"(","origQty":"0.01000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000",)"
                  R"("cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"LIMIT",)"
                  R"("side":"BUY","workingTime":1800000000000,"selfTradePreventionMode":"NONE","fills":[]})");
  auto locked = price / 100; // 0.01 BTC
  CHECK(balance("USDT") == text(10000 * pow10(8) - locked) + "/" + text(locked));

  auto q = call("GET", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=dec-1-entry");
  REQUIRE(q.status == 200);
  CHECK(q.body == R"({"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"dec-1-entry","price":")"
                    + text(price) + R"(","origQty":"0.01000000","executedQty":"0.00000000",)"
                    R"("cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"LIMIT",)"
                    R"("side":"BUY","stopPrice":"0.00000000","icebergQty":"0.00000000","time":1800000000000,)"
                    R"("updateTime":1800000000000,"isWorking":true,"workingTime":1800000000000,)"
                    R"("origQuoteOrderQty":"0.00000000","selfTradePreventionMode":"NONE"})");
  CHECK(call("GET", "/api/v3/order?symbol=BTCUSDT&orderId=1").body == q.body);
  auto open = call("GET", "/api/v3/openOrders?symbol=BTCUSDT");
  CHECK(open.body == "[" + q.body + "]");

  ctx.wall_ms += 5;
  auto c = call("DELETE", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=dec-1-entry&newClientOrderId=cxl-1");
  REQUIRE(c.status == 200);
  CHECK(c.body == R"({"symbol":"BTCUSDT","origClientOrderId":"dec-1-entry","orderId":1,"orderListId":-1,)"
                  R"("clientOrderId":"cxl-1","transactTime":1800000000005,"price":")" + text(price) +
                  R"(","origQty":"0.01000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000",)"
                  R"("cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC",)"
                  R"("type":"LIMIT","side":"BUY","selfTradePreventionMode":"NONE"})");
  CHECK(balance("USDT") == "10000.00000000/0.00000000");
  CHECK(call("GET", "/api/v3/openOrders?symbol=BTCUSDT").body == "[]");
}

TEST_CASE_METHOD(spot_fixture, "spot: a MARKET BUY fills at the current price, fee in the base asset") {
  auto r = post("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01000&newClientOrderId=m1");
  REQUIRE(r.status == 200);
  auto quote = last() / 100;
  CHECK(r.body == R"({"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"m1",)"
                  R"("transactTime":1800000000000,"price":"0.00000000","origQty":"0.01000000",)"
                  R"("executedQty":"0.01000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":")"
                  + text(quote) + R"(","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"BUY",)"
                  R"("workingTime":1800000000000,"selfTradePreventionMode":"NONE","fills":[{"price":")"
                  + text(last()) + R"(","qty":"0.01000000","commission":"0.00001000","commissionAsset":"BTC",)"
                  R"("tradeId":1}]})");
  CHECK(balance("BTC") == "0.00999000/0.00000000");
  CHECK(balance("USDT") == text(10000 * pow10(8) - quote) + "/0.00000000");
  auto trades = call("GET", "/api/v3/myTrades?symbol=BTCUSDT");
  CHECK(trades.body == R"([{"symbol":"BTCUSDT","id":1,"orderId":1,"orderListId":-1,"price":")" + text(last())
                         + R"(","qty":"0.01000000","quoteQty":")" + text(quote)
                         + R"(","commission":"0.00001000","commissionAsset":"BTC","time":1800000000000,)"
                           R"("isBuyer":true,"isMaker":false,"isBestMatch":true}])");
  auto account = call("GET", "/api/v3/account?omitZeroBalances=true");
  CHECK(account.body.rfind(R"({"makerCommission":10,"takerCommission":10,"buyerCommission":0,"sellerCommission":0,)"
                           R"("commissionRates":{"maker":"0.00100000","taker":"0.00100000","buyer":"0.00000000",)"
                           R"("seller":"0.00000000"},"canTrade":true,"canWithdraw":true,"canDeposit":true,)"
                           R"("brokered":false,"requireSelfTradePrevention":false,"preventSor":false,)"
                           R"("updateTime":1800000000000,"accountType":"SPOT","balances":[{"asset":"BTC",)"
                           R"("free":"0.00999000","locked":"0.00000000"},{"asset":"USDT",)", 0) == 0);
  CHECK(account.body.find(R"("permissions":["SPOT"],"uid":)") != std::string::npos);
  // quoteOrderQty: spend 100 USDT in whole lots
  auto q = post("symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100");
  REQUIRE(q.status == 200);
  CHECK(q.body.find(R"("status":"FILLED")") != std::string::npos);
}

TEST_CASE_METHOD(spot_fixture, "spot: a LIMIT_MAKER that would cross is refused, a crossing LIMIT takes") {
  auto above = text(last() + 10 * pow10(8));
  auto r = post("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.001&price=" + above);
  CHECK(body_error(r) == R"(400 {"code":-2010,"msg":"Order would immediately match and take."})");
  CHECK(engine.open_orders("").empty());
  auto t = post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=" + above);
  REQUIRE(t.status == 200);
  CHECK(t.body.find(R"("status":"FILLED")") != std::string::npos);
  CHECK(t.body.find(R"("fills":[{"price":")" + text(last()) + "\"") != std::string::npos);
  // a maker below the price rests
  auto below = text(last() - 10 * pow10(8));
  auto ok = post("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.001&price=" + below);
  REQUIRE(ok.status == 200);
  CHECK(ok.body.find(R"("transactTime":1800000000000})") != std::string::npos); // ACK by default
}

TEST_CASE_METHOD(spot_fixture, "spot: a resting limit fills when the market trades through it, not on a touch") {
  auto price = last() - 50 * pow10(8);
  REQUIRE(post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=" + text(price)
               + "&newClientOrderId=rest").status == 200);
  engine.on_market("BTCUSDT", price, last(), wall + 1000); // touches only
  CHECK(engine.open_orders("BTCUSDT").size() == 1);
  engine.on_market("BTCUSDT", price - pow10(6), last(), wall + 2000); // one cent through
  CHECK(engine.open_orders("BTCUSDT").empty());
  auto q = call("GET", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=rest");
  CHECK(q.body.find(R"("executedQty":"0.01000000","cummulativeQuoteQty":")" + text(price / 100)
                    + R"(","status":"FILLED")") != std::string::npos);
  CHECK(q.body.find(R"("updateTime":1800000002000)") != std::string::npos);
  auto trades = call("GET", "/api/v3/myTrades?symbol=BTCUSDT&orderId=1");
  CHECK(trades.body.find(R"("isMaker":true)") != std::string::npos);
  CHECK(balance("BTC") == "0.00999000/0.00000000");
  CHECK(balance("USDT") == text(10000 * pow10(8) - price / 100) + "/0.00000000");
  // the record holds the order, its fill and its final state, in that order
  auto lines = record.text();
  CHECK(lines.find(R"({"event":"order","market":"spot","symbol":"BTCUSDT","orderId":1,"clientOrderId":"rest",)"
                   R"("side":"BUY","type":"LIMIT")") == 0);
  auto fill = lines.find(R"({"event":"fill","market":"spot","symbol":"BTCUSDT","tradeId":1,"orderId":1,)"
                         R"("clientOrderId":"rest","side":"BUY","price":")" + text(price)
                         + R"(","qty":"0.01000000")");
  CHECK(fill != std::string::npos);
  CHECK(lines.find(R"("status":"FILLED")", fill) != std::string::npos);
}

TEST_CASE_METHOD(spot_fixture, "spot: STOP_LOSS_LIMIT waits for its trigger, then sells") {
  REQUIRE(post("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01").status == 200);
  auto now = text(last() + 10 * pow10(8));
  CHECK(body_error(post("symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.005"
                        "&price=" + now + "&stopPrice=" + now))
        == R"(400 {"code":-2010,"msg":"Stop price would trigger immediately."})");
  auto stop = last() - 100 * pow10(8);
  auto r = post("symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.005&price="
                + text(stop - 10 * pow10(8)) + "&stopPrice=" + text(stop) + "&newClientOrderId=sl");
  REQUIRE(r.status == 200);
  auto q = call("GET", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=sl");
  CHECK(q.body.find(R"("isWorking":false,"workingTime":-1)") != std::string::npos);
  CHECK(balance("BTC") == "0.00499000/0.00500000");
  engine.on_market("BTCUSDT", stop + 1, last(), wall + 1000);
  CHECK(engine.open_orders("").size() == 1);
  engine.on_market("BTCUSDT", stop - pow10(8), stop + 1, wall + 2000);
  CHECK(engine.open_orders("").empty());
  q = call("GET", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=sl");
  CHECK(q.body.find(R"("status":"FILLED")") != std::string::npos);
  CHECK(q.body.find(R"("isWorking":true,"workingTime":1800000002000)") != std::string::npos);
  CHECK(balance("BTC") == "0.00499000/0.00000000");
}

TEST_CASE_METHOD(spot_fixture, "spot: a client id of an open order is refused until that order is done") {
  auto below = text(last() - 10 * pow10(8));
  auto place = [&] {
    return post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=" + below
                + "&newClientOrderId=same");
  };
  REQUIRE(place().status == 200);
  CHECK(body_error(place()) == R"(400 {"code":-2010,"msg":"Duplicate order sent."})");
  REQUIRE(call("DELETE", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=same").status == 200);
  auto again = place();
  REQUIRE(again.status == 200);
  CHECK(again.body.find(R"("orderId":2)") != std::string::npos);
  // a query by client id finds the latest order with it
  CHECK(call("GET", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=same").body.find(R"("orderId":2,)")
        != std::string::npos);
}

TEST_CASE_METHOD(spot_fixture, "spot: unknown orders, balances and filters give Binance's codes") {
  CHECK(body_error(call("GET", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=nope"))
        == R"(400 {"code":-2013,"msg":"Order does not exist."})");
  CHECK(body_error(call("DELETE", "/api/v3/order?symbol=BTCUSDT&orderId=77"))
        == R"(400 {"code":-2011,"msg":"Unknown order sent."})");
  CHECK(body_error(call("GET", "/api/v3/order?symbol=BTCUSDT"))
        == R"(400 {"code":-1102,"msg":"Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1"))
        == R"(400 {"code":-2010,"msg":"Account has insufficient balance for requested action."})");
  CHECK(body_error(post("symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.001&price=200000"))
        == R"(400 {"code":-2010,"msg":"Account has insufficient balance for requested action."})");
  auto price = text(last());
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=100000.001"))
        == R"(400 {"code":-1013,"msg":"Filter failure: PRICE_FILTER"})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=99999999&price=" + price))
        == R"(400 {"code":-1013,"msg":"Filter failure: LOT_SIZE"})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00001&price=100"))
        == R"(400 {"code":-1013,"msg":"Filter failure: NOTIONAL"})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=1.000000001"))
        == R"(400 {"code":-1111,"msg":"Parameter 'price' has too much precision."})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1e3&price=1"))
        == R"(400 {"code":-1100,"msg":"Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'."})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1"))
        == R"(400 {"code":-1102,"msg":"Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed."})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=MARKET&timeInForce=GTC&quantity=1"))
        == R"(400 {"code":-1106,"msg":"Parameter 'timeInForce' sent when not required."})");
  CHECK(body_error(post("symbol=BTCUSDT&side=HOLD&type=MARKET&quantity=1"))
        == R"(400 {"code":-1117,"msg":"Invalid side."})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=OCO&quantity=1"))
        == R"(400 {"code":-1116,"msg":"Invalid orderType."})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTD&quantity=1&price=1"))
        == R"(400 {"code":-1115,"msg":"Invalid timeInForce."})");
  CHECK(body_error(post("symbol=ETHUSDT&side=BUY&type=MARKET&quantity=1"))
        == R"(400 {"code":-1121,"msg":"Invalid symbol."})");
  CHECK(body_error(post("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=has%20space"))
        == R"(400 {"code":-1100,"msg":"Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'."})");
  CHECK(engine.open_orders("").empty());
  CHECK(record.text().empty());
}

TEST_CASE_METHOD(spot_fixture, "spot: order/test validates and places nothing; IOC that cannot fill expires") {
  auto t = call("POST", "/api/v3/order/test?symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001");
  CHECK(body_error(t) == "200 {}");
  CHECK(body_error(call("POST", "/api/v3/order/test?symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1"))
        == R"(400 {"code":-2010,"msg":"Account has insufficient balance for requested action."})");
  CHECK(engine.trades("BTCUSDT", 0).empty());
  auto ioc = post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.001&price="
                  + text(last() - pow10(8)));
  CHECK(ioc.body.find(R"("status":"EXPIRED")") != std::string::npos);
  CHECK(balance("USDT") == "10000.00000000/0.00000000");
}

TEST_CASE("fill budget: a share of the traded volume, in whole steps, shared in turn") {
  // 1.0 traded, a tenth of it may fill, in steps of 0.03
  fill_budget b{pow10(8), pow10(8) / 10, 3 * pow10(6)};
  CHECK(b.take(5 * pow10(6)) == 3 * pow10(6)); // 0.05 wanted: one step
  CHECK(b.take(5 * pow10(6)) == 3 * pow10(6));
  CHECK(b.take(pow10(8)) == 3 * pow10(6));     // 0.01 left: less than a step
  CHECK(b.take(pow10(8)) == 0);
  fill_budget any{pow10(8), pow10(8) / 10, 0};
  CHECK(any.take(pow10(8)) == pow10(7));
  CHECK(fill_budget::unlimited().take(7 * pow10(9)) == 7 * pow10(9));
}

TEST_CASE_METHOD(spot_fixture, "spot: a resting limit larger than the market's share fills in several trades") {
  auto price = last() - 50 * pow10(8);
  REQUIRE(post("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.05&price=" + text(price)
               + "&newClientOrderId=big").status == 200);
  // each update traded 0.3 BTC through the price; a tenth of it is 0.03
  auto update = [&] { return fill_budget{30 * pow10(6), pow10(8) / 10, 1000}; };
  engine.on_market("BTCUSDT", price - pow10(6), last(), wall + 1000, update());
  auto q = call("GET", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=big");
  CHECK(q.body.find(R"("executedQty":"0.03000000","cummulativeQuoteQty":")" + text(price * 3 / 100)
                    + R"(","status":"PARTIALLY_FILLED")") != std::string::npos);
  CHECK(engine.open_orders("BTCUSDT").size() == 1);
  auto locked = price * 2 / 100; // what the 0.02 left still locks
  CHECK(balance("USDT") == text(10000 * pow10(8) - price * 5 / 100) + "/" + text(locked));
  engine.on_market("BTCUSDT", price - pow10(6), last(), wall + 2000, update());
  q = call("GET", "/api/v3/order?symbol=BTCUSDT&origClientOrderId=big");
  CHECK(q.body.find(R"("executedQty":"0.05000000","cummulativeQuoteQty":")" + text(price * 5 / 100)
                    + R"(","status":"FILLED")") != std::string::npos);
  auto trades = call("GET", "/api/v3/myTrades?symbol=BTCUSDT&orderId=1");
  CHECK(trades.body.find(R"("id":1,"orderId":1,"orderListId":-1,"price":")" + text(price)
                         + R"(","qty":"0.03000000")") != std::string::npos);
  CHECK(trades.body.find(R"("id":2,"orderId":1,"orderListId":-1,"price":")" + text(price)
                         + R"(","qty":"0.02000000")") != std::string::npos);
  // the commission of each trade, in the base asset received
  CHECK(trades.body.find(R"("commission":"0.00003000","commissionAsset":"BTC")") != std::string::npos);
  CHECK(trades.body.find(R"("commission":"0.00002000","commissionAsset":"BTC")") != std::string::npos);
  CHECK(balance("BTC") == "0.04995000/0.00000000");
  CHECK(balance("USDT") == text(10000 * pow10(8) - price * 5 / 100) + "/0.00000000");
  auto lines = record.text();
  auto partial = lines.find(R"("status":"PARTIALLY_FILLED")");
  CHECK(partial != std::string::npos);
  CHECK(lines.find(R"("status":"FILLED")", partial) != std::string::npos);
}

TEST_CASE_METHOD(spot_fixture, "spot: MARKET orders and crossing limits are not limited by the share") {
  auto r = post("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.05");
  CHECK(r.body.find(R"("executedQty":"0.05000000")") != std::string::npos);
  // a resting order whose stop fired takes at once, whatever the budget
  auto stop = last() - 100 * pow10(8);
  REQUIRE(post("symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.04&stopPrice="
               + text(stop) + "&price=" + text(stop - 10 * pow10(8))).status == 200);
  engine.on_market("BTCUSDT", stop - pow10(8), last(), wall + 1000, fill_budget{0, pow10(8) / 10, 1000});
  CHECK(engine.open_orders("BTCUSDT").empty());
}
