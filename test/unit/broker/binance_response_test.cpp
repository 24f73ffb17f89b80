// The binance broker's reading of the exchange's answers, on the shapes
// PROTOCOLS.md quotes and exchange-sim serves.

#include "actors/broker/binance_response.hpp"

#include "test/unit/money/decimal_text.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using tn::test::dec;

namespace {

order_request req(const char* client_id = "tn9-0") {
  order_request x;
  x.client_id = client_id;
  x.decision_id = 9;
  x.symbol = "BTCUSDT";
  x.side = order_side::sell;
  return x;
}

} // namespace

TEST_CASE("a spot FULL answer: state, cumulative quantity, average price and fills") {
  auto body = R"({"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"tn9-0","transactTime":1507725176595,"price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000","origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"40010.00000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL","workingTime":1507725176595,"selfTradePreventionMode":"NONE","fills":[{"price":"4000.00000000","qty":"1.00000000","commission":"4.00000000","commissionAsset":"USDT","tradeId":56},{"price":"4001.11111111","qty":"9.00000000","commission":"36.01000000","commissionAsset":"USDT","tradeId":57}]})";
  order_report r;
  std::string error;
  REQUIRE(parse_order(body, market_kind::spot, false, req(), r, error));
  CHECK(r.update.client_id == "tn9-0");
  CHECK(r.update.state == order_state::filled);
  CHECK(r.update.exchange_order_id == "28");
  CHECK(r.trades_order_id == "28");
  CHECK(r.update.filled_quantity == dec("10"));
  CHECK(r.update.average_price == dec("4001"));
  REQUIRE(r.fills.size() == 2);
  CHECK(r.fills[1].trade_id == 57);
  CHECK(r.fills[1].price == dec("4001.11111111"));
  CHECK(r.fills[1].quantity == dec("9"));
  CHECK(r.fills[1].fee == dec("36.01"));
  CHECK(r.fills[1].fee_asset == "USDT");
  CHECK(r.fills[1].side == order_side::sell);
  CHECK(r.fills[1].decision_id == 9);
  CHECK_FALSE(r.fills[1].maker);
  CHECK(r.fills[1].ts == timestamp{} + std::chrono::milliseconds{1507725176595});
}

TEST_CASE("a resting spot order read back: no fills, the state says open") {
  auto body = R"({"symbol":"BTCUSDT","orderId":5,"orderListId":-1,"clientOrderId":"tn9-0","price":"97000.00","origQty":"0.00100","executedQty":"0.00000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"LIMIT_MAKER","side":"BUY","stopPrice":"0.00","icebergQty":"0.00000","time":1,"updateTime":2,"isWorking":true,"workingTime":1,"origQuoteOrderQty":"0.00000000","selfTradePreventionMode":"NONE"})";
  order_report r;
  std::string error;
  REQUIRE(parse_order(body, market_kind::spot, false, req(), r, error));
  CHECK(r.update.state == order_state::open);
  CHECK(r.update.filled_quantity.is_zero());
  CHECK(r.fills.empty());
}

TEST_CASE("futures orders and algo orders") {
  auto body = R"({"clientOrderId":"tn9-0","cumQty":"0.010","cumQuote":"970.00","executedQty":"0.010","orderId":22542179,"avgPrice":"97000.00","origQty":"0.010","price":"0","reduceOnly":false,"side":"SELL","positionSide":"BOTH","status":"FILLED","stopPrice":"0","closePosition":false,"symbol":"BTCUSDT","timeInForce":"GTC","type":"MARKET","origType":"MARKET","updateTime":1566818724722})";
  order_report r;
  std::string error;
  REQUIRE(parse_order(body, market_kind::futures, false, req(), r, error));
  CHECK(r.update.state == order_state::filled);
  CHECK(r.update.average_price == dec("97000"));
  CHECK(r.update.filled_quantity == dec("0.01"));
  CHECK(r.fills.empty()); // futures answers carry no fills: read the trades

  auto algo = R"({"algoId":7,"clientAlgoId":"p1-s1","algoType":"CONDITIONAL","orderType":"STOP_MARKET","symbol":"BTCUSDT","side":"SELL","quantity":"0.000","algoStatus":"FINISHED","triggerPrice":"90000.00","price":"0.00","closePosition":true,"reduceOnly":false,"createTime":1,"updateTime":2,"triggerTime":2,"actualOrderId":"31"})";
  REQUIRE(parse_order(algo, market_kind::futures, true, req("p1-s1"), r, error));
  CHECK(r.update.state == order_state::filled);
  CHECK(r.update.exchange_order_id == "7");
  CHECK(r.trades_order_id == "31");

  CHECK_FALSE(parse_order(R"({"code":-2013,"msg":"Order does not exist."})", market_kind::spot,
                          false, req(), r, error));
}

TEST_CASE("trade lists: spot myTrades and futures userTrades, maker flag and fee asset") {
  std::vector<fill> out;
  std::string error;
  REQUIRE(parse_trades(R"([{"symbol":"BNBBTC","id":28457,"orderId":100234,"orderListId":-1,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","commission":"10.10000000","commissionAsset":"BNB","time":1499865549590,"isBuyer":true,"isMaker":true,"isBestMatch":true}])",
                       req(), out, error));
  REQUIRE(out.size() == 1);
  CHECK(out[0].trade_id == 28457);
  CHECK(out[0].maker);
  CHECK(out[0].fee_asset == "BNB");
  CHECK(out[0].fee == dec("10.1"));
  REQUIRE(parse_trades(R"([{"buyer":false,"commission":"0.38800000","commissionAsset":"USDT","id":3,"maker":false,"orderId":31,"price":"97000.00","qty":"0.010","quoteQty":"970.00","realizedPnl":"0","side":"SELL","positionSide":"BOTH","symbol":"BTCUSDT","time":5}])",
                       req(), out, error));
  REQUIRE(out.size() == 2);
  CHECK_FALSE(out[1].maker);
  CHECK(out[1].quantity == dec("0.01"));
  CHECK_FALSE(parse_trades(R"([{"id":1,"price":"1e3","qty":"1","commission":"0"}])", req(), out,
                           error));
  CHECK(error.find("price") != std::string::npos);
}

TEST_CASE("errors are classified into what the broker does about them") {
  auto kind = [](unsigned status, const char* body) { return classify("", false, status, body); };
  CHECK(kind(200, R"({"orderId":1})") == answer_kind::ok);
  CHECK(kind(200, R"({"code":200,"msg":"success"})") == answer_kind::ok);
  CHECK(kind(400, R"({"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."})")
        == answer_kind::clock_skew);
  CHECK(kind(400, R"({"code":-2010,"msg":"Account has insufficient balance for requested action."})")
        == answer_kind::rejected);
  CHECK(kind(400, R"({"code":-1013,"msg":"Filter failure: LOT_SIZE"})") == answer_kind::filter_failure);
  CHECK(kind(400, R"({"code":-1111,"msg":"Parameter 'quantity' has too much precision."})")
        == answer_kind::filter_failure);
  CHECK(kind(400, R"({"code":-4164,"msg":"Order's notional must be no smaller than 5"})")
        == answer_kind::filter_failure);
  CHECK(kind(400, R"({"code":-2013,"msg":"Order does not exist."})") == answer_kind::unknown_order);
  CHECK(kind(400, R"({"code":-2011,"msg":"Unknown order sent."})") == answer_kind::unknown_order);
  CHECK(kind(400, R"({"code":-2011,"msg":"Order was canceled or expired."})") == answer_kind::rejected);
  CHECK(kind(503, R"({"code":-1007,"msg":"Timeout waiting for response from backend server."})")
        == answer_kind::outcome_unknown);
  CHECK(kind(429, R"({"code":-1003,"msg":"Too much request weight used"})") == answer_kind::rate_limited);
  CHECK(kind(418, "") == answer_kind::rate_limited);
  CHECK(kind(429, R"({"code":-1015,"msg":"Too many new orders; current limit is 50 orders per 10 SECOND."})")
        == answer_kind::order_limited);
  CHECK(classify("connection closed", true, 0, "") == answer_kind::outcome_unknown);
  CHECK(classify("connect refused", false, 0, "") == answer_kind::not_sent);

  exchange_error e;
  REQUIRE(parse_error(R"({"code":-2010,"msg":"Order would immediately match and take."})", e));
  CHECK(would_take(e));
  REQUIRE(parse_error(R"({"code":-2010,"msg":"Market is closed."})", e));
  CHECK_FALSE(would_take(e));
  REQUIRE(parse_error(R"({"code":-4046,"msg":"No need to change margin type."})", e));
  CHECK(margin_type_unchanged(e));
}

TEST_CASE("balances, positions and the server time") {
  std::vector<asset_balance> b;
  std::string error;
  REQUIRE(parse_balances(R"({"makerCommission":15,"accountType":"SPOT","balances":[{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},{"asset":"USDT","free":"10.5","locked":"2"}],"permissions":["SPOT"]})",
                         market_kind::spot, b, error));
  REQUIRE(b.size() == 2);
  CHECK(b[0].free == dec("4723846.89208129"));
  CHECK(b[1].locked == dec("2"));
  b.clear();
  REQUIRE(parse_balances(R"([{"accountAlias":"x","asset":"USDT","balance":"1000.5","crossWalletBalance":"1000.5","crossUnPnl":"0","availableBalance":"900.25","maxWithdrawAmount":"900.25","marginAvailable":true,"updateTime":1}])",
                         market_kind::futures, b, error));
  REQUIRE(b.size() == 1);
  CHECK(b[0].free == dec("900.25"));
  CHECK(b[0].locked == dec("100.25"));
  std::vector<futures_position> p;
  REQUIRE(parse_positions(R"([{"symbol":"ADAUSDT","positionSide":"BOTH","positionAmt":"30","entryPrice":"0.385"},{"symbol":"BTCUSDT","positionAmt":"0.000","entryPrice":"0.0"}])",
                          p, error));
  REQUIRE(p.size() == 1);
  CHECK(p[0].amount == dec("30"));
  int64_t ms = 0;
  REQUIRE(parse_server_time(R"({"serverTime":1499827319559})", ms, error));
  CHECK(ms == 1499827319559);
}
