// The binance broker's requests: the exact parameters per market and
// order type, and signing as Binance documents it.

#include "actors/broker/binance_request.hpp"
#include "actors/broker/binance_sign.hpp"

#include "test/unit/money/decimal_text.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using tn::test::dec;

namespace {

order_request order(order_type type, const char* qty, const char* price = "0") {
  order_request x;
  x.client_id = "tn42-0";
  x.decision_id = 42;
  x.symbol = "BTCUSDT";
  x.side = order_side::buy;
  x.type = type;
  x.quantity = dec(qty);
  x.price = dec(price);
  return x;
}

} // namespace

TEST_CASE("spot orders: exact decimals, deterministic client id, FULL answers") {
  auto market = new_order_call(market_kind::spot, order(order_type::market, "0.00100000"));
  CHECK(market.method == "POST");
  CHECK(market.path == "/api/v3/order");
  CHECK(market.is_signed);
  CHECK(market.is_order);
  CHECK(market.params
        == "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=tn42-0"
           "&newOrderRespType=FULL");

  // LIMIT_MAKER takes no timeInForce on spot.
  auto maker = new_order_call(market_kind::spot, order(order_type::limit_maker, "0.5", "97000.10"));
  CHECK(maker.params
        == "symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.5&price=97000.1"
           "&newClientOrderId=tn42-0&newOrderRespType=FULL");

  auto stop = order(order_type::stop_loss_limit, "0.25", "90000");
  stop.side = order_side::sell;
  stop.stop_price = dec("90500.5");
  stop.reduce_only = true; // futures only: not sent on spot
  CHECK(new_order_call(market_kind::spot, stop).params
        == "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.25"
           "&price=90000&stopPrice=90500.5&newClientOrderId=tn42-0&newOrderRespType=FULL");
  CHECK_FALSE(is_algo(market_kind::spot, stop));
}

TEST_CASE("futures orders: GTX for maker entries, stops through the algo endpoint") {
  auto maker = new_order_call(market_kind::futures, order(order_type::limit_maker, "0.010", "97000"));
  CHECK(maker.path == "/fapi/v1/order");
  CHECK(maker.params
        == "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=0.01&price=97000"
           "&newClientOrderId=tn42-0&newOrderRespType=RESULT");

  auto exit = order(order_type::market, "0.01");
  exit.side = order_side::sell;
  exit.reduce_only = true;
  CHECK(new_order_call(market_kind::futures, exit).params
        == "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.01&reduceOnly=true"
           "&newClientOrderId=tn42-0&newOrderRespType=RESULT");

  auto stop = order(order_type::stop_loss_limit, "0.01", "90000");
  stop.client_id = "p7-s1";
  stop.side = order_side::sell;
  stop.stop_price = dec("90100");
  stop.reduce_only = true;
  REQUIRE(is_algo(market_kind::futures, stop));
  auto algo = new_order_call(market_kind::futures, stop);
  CHECK(algo.path == "/fapi/v1/algoOrder");
  CHECK(algo.params
        == "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP&quantity=0.01&price=90000"
           "&triggerPrice=90100&reduceOnly=true&clientAlgoId=p7-s1");

  // No quantity: close whatever the position is when it triggers.
  stop.quantity = decimal{};
  CHECK(new_order_call(market_kind::futures, stop).params
        == "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET&triggerPrice=90100"
           "&closePosition=true&clientAlgoId=p7-s1");
  CHECK(query_order_call(market_kind::futures, "BTCUSDT", "p7-s1", true).params
        == "clientAlgoId=p7-s1");
}

TEST_CASE("order lookups, trades, account and futures settings") {
  auto q = query_order_call(market_kind::spot, "BTCUSDT", "tn42-0", false);
  CHECK(q.method == "GET");
  CHECK(q.path == "/api/v3/order");
  CHECK(q.params == "symbol=BTCUSDT&origClientOrderId=tn42-0");
  auto c = cancel_order_call(market_kind::futures, "BTCUSDT", "tn42-0", false);
  CHECK(c.method == "DELETE");
  CHECK(c.path == "/fapi/v1/order");
  CHECK(trades_call(market_kind::spot, "BTCUSDT", "17").path == "/api/v3/myTrades");
  CHECK(trades_call(market_kind::futures, "BTCUSDT", "17").params == "symbol=BTCUSDT&orderId=17");
  CHECK_FALSE(server_time_call(market_kind::futures).is_signed);
  CHECK(server_time_call(market_kind::futures).path == "/fapi/v1/time");
  CHECK(exchange_info_call(market_kind::spot, {"BTCUSDT", "ETHUSDT"}).params
        == "symbols=%5B%22BTCUSDT%22%2C%22ETHUSDT%22%5D");
  CHECK(exchange_info_call(market_kind::futures, {"BTCUSDT"}).params.empty());
  CHECK(balances_call(market_kind::futures).path == "/fapi/v2/balance");
  CHECK(leverage_call("BTCUSDT", 3).params == "symbol=BTCUSDT&leverage=3");
  CHECK(margin_type_call("BTCUSDT", margin_type::isolated).params
        == "symbol=BTCUSDT&marginType=ISOLATED");
  CHECK(margin_type_call("BTCUSDT", margin_type::cross).params
        == "symbol=BTCUSDT&marginType=CROSSED");
}

TEST_CASE("the maker fallback: a market order for the rest under a derived client id") {
  auto x = order(order_type::limit_maker, "0.5", "97000");
  auto m = fallback_order(x, dec("0.2"));
  CHECK(m.client_id == "tn42-0m");
  CHECK(m.type == order_type::market);
  CHECK(m.quantity == dec("0.2"));
  CHECK(m.price.is_zero());
  CHECK(m.decision_id == 42);
}

TEST_CASE("signing: Binance's documented example, POST as a form body, GET in the query") {
  // PROTOCOLS.md "Spot signed requests": the docs' key pair and payload.
  binance_keys keys{"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
                    "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"};
  rest_call c{"POST", "/api/v3/order",
              "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"};
  auto req = to_http(c, "", keys, 1499827319559, 5000);
  CHECK(req.method == "POST");
  CHECK(req.target == "/api/v3/order");
  CHECK(req.body
        == "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
           "&recvWindow=5000&timestamp=1499827319559"
           "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
  CHECK(req.header("X-MBX-APIKEY") == keys.api_key);
  CHECK(req.header("Content-Type") == "application/x-www-form-urlencoded");

  c.method = "GET";
  auto get = to_http(c, "/proxy", keys, 1499827319559, 5000);
  CHECK(get.body.empty());
  CHECK(get.target.rfind("/proxy/api/v3/order?symbol=LTCBTC&", 0) == 0);
  CHECK(get.target.find("&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
        != std::string::npos);

  auto unsigned_call = to_http(server_time_call(market_kind::spot), "", keys, 1, 5000);
  CHECK(unsigned_call.target == "/api/v3/time");
  CHECK(unsigned_call.header("X-MBX-APIKEY").empty());
}
