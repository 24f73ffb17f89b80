// A client driving exchange-sim's private API over loopback TLS with the
// project's http_client: place, query and cancel by client id, fills
// against the replayed market, Binance's errors and headers on the wire.

#include "test/integration/exchange_sim/sim_client.hpp"
#include "tools/exchange-sim/fixed.hpp"

#include <simdjson.h>

#include <map>
#include <set>
#include <tuple>

using namespace tn::test;

namespace {

std::string field(const std::string& body, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(body).get(doc));
  auto v = doc[key];
  std::string_view s;
  if (!v.get_string().get(s))
    return std::string{s};
  return simdjson::minify(v);
}

/// The ticker price moved by `cents` hundredths, as an order price.
std::string price_near(sim_client& c, int cents) {
  auto r = c.send("GET", "/api/v3/ticker/price?symbol=BTCUSDT");
  REQUIRE(r.ok());
  tn::sim::units p = 0;
  REQUIRE(tn::sim::parse_fixed(field(r.response.body, "price"), 8, p));
  return tn::sim::format_fixed(p + tn::sim::units{cents} * 1'000'000, 8);
}

/// A LIMIT_MAKER `cents` hundredths from the price, placed again if the
/// price moved through it meanwhile, so that it does not fill on arrival.
tn::net::http_result place_maker(sim_client& c, const std::string& side, int cents,
                                 const std::string& id, const std::string& qty = "0.01") {
  tn::net::http_result r;
  for (int i = 0; i < 10; ++i) {
    r = c.signed_call("POST", "/api/v3/order",
                      "symbol=BTCUSDT&side=" + side + "&type=LIMIT_MAKER&quantity=" + qty + "&price="
                        + price_near(c, cents) + "&newClientOrderId=" + id);
    if (r.response.body.find("immediately match") == std::string::npos)
      break;
  }
  return r;
}

} // namespace

TEST_CASE("exchange-sim private API: place, query and cancel by client id over TLS") {
  sim_client c;
  auto below = price_near(c, -500000); // 5000 below: rests
  auto placed = c.signed_call("POST", "/api/v3/order",
                              "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price="
                                + below + "&newClientOrderId=it-1-entry");
  REQUIRE(placed.ok());
  INFO(placed.response.body);
  REQUIRE(placed.response.status == 200);
  CHECK(field(placed.response.body, "clientOrderId") == "it-1-entry");
  CHECK(field(placed.response.body, "status") == "NEW");
  CHECK(placed.response.header("X-MBX-ORDER-COUNT-10S") == "1");
  CHECK(placed.response.header("X-MBX-ORDER-COUNT-1D") == "1");
  CHECK_FALSE(placed.response.header("X-MBX-USED-WEIGHT-1M").empty());

  auto dup = c.signed_call("POST", "/api/v3/order",
                           "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price="
                             + below + "&newClientOrderId=it-1-entry");
  CHECK(dup.response.status == 400);
  CHECK(dup.response.body == R"({"code":-2010,"msg":"Duplicate order sent."})");

  auto q = c.signed_call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=it-1-entry");
  REQUIRE(q.response.status == 200);
  CHECK(field(q.response.body, "orderId") == field(placed.response.body, "orderId"));
  CHECK(field(q.response.body, "status") == "NEW");
  auto open = c.signed_call("GET", "/api/v3/openOrders", "symbol=BTCUSDT");
  CHECK(open.response.body == "[" + q.response.body + "]");

  auto cancel = c.signed_call("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=it-1-entry");
  REQUIRE(cancel.response.status == 200);
  CHECK(field(cancel.response.body, "origClientOrderId") == "it-1-entry");
  CHECK(field(cancel.response.body, "status") == "CANCELED");
  q = c.signed_call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=it-1-entry");
  CHECK(field(q.response.body, "status") == "CANCELED");
  auto again = c.signed_call("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=it-1-entry");
  CHECK(again.response.body == R"({"code":-2011,"msg":"Unknown order sent."})");

  auto record = c.record_text();
  CHECK(record.find(R"("clientOrderId":"it-1-entry","side":"BUY","type":"LIMIT")") != std::string::npos);
  CHECK(record.find(R"("status":"CANCELED")") != std::string::npos);
  auto admin = c.send("GET", "/sim/record");
  CHECK(admin.response.body == record);
}

TEST_CASE("exchange-sim private API: resting limits fill as the replayed market trades through them") {
  sim_client c;
  // A cent on each side of the price: the moving market takes one of them.
  auto buy = place_maker(c, "BUY", -1, "it-buy");
  auto sell = place_maker(c, "SELL", 1, "it-sell");
  INFO(buy.response.body << sell.response.body);
  REQUIRE(buy.response.status == 200);
  REQUIRE(sell.response.status == 200);
  std::string filled;
  for (int i = 0; i < 400 && filled.empty(); ++i) {
    for (const char* id : {"it-buy", "it-sell"}) {
      auto q = c.signed_call("GET", "/api/v3/order", std::string{"symbol=BTCUSDT&origClientOrderId="} + id);
      if (field(q.response.body, "status") == "FILLED")
        filled = id;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  REQUIRE_FALSE(filled.empty());
  auto trades = c.signed_call("GET", "/api/v3/myTrades", "symbol=BTCUSDT");
  CHECK(trades.response.body.find(R"("isMaker":true)") != std::string::npos);
  auto account = c.signed_call("GET", "/api/v3/account", "omitZeroBalances=true");
  CHECK(account.response.body.find(R"("asset":"BTC")") != std::string::npos);
  CHECK(c.record_text().find(R"({"event":"fill","market":"spot","symbol":"BTCUSDT")") != std::string::npos);
}

TEST_CASE("exchange-sim private API: a limit larger than the market's share fills in several trades") {
  // A bar a second, an update every 250 ms, and resting limits may take a
  // thousandth of each update's volume.
  sim_client c{{"--speed", "60", "--fill-share", "0.001"}};
  auto bars = c.send("GET", "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=10");
  REQUIRE(bars.ok());
  simdjson::dom::parser parser;
  simdjson::dom::array rows;
  REQUIRE_FALSE(parser.parse(bars.response.body).get_array().get(rows));
  tn::sim::units volume = 0;
  for (auto row : rows) {
    tn::sim::units v = 0;
    REQUIRE(tn::sim::parse_fixed(std::string{row.at(5).get_string().value()}, 8, v));
    volume += v;
  }
  // about three updates' share of a typical bar
  auto qty = volume / static_cast<tn::sim::units>(rows.size()) / 4 / 1000 * 3 / 1000 * 1000;
  REQUIRE(qty > 0);
  auto amount = tn::sim::format_fixed(qty, 8);
  INFO("quantity " << amount);
  for (auto [side, cents, id] : {std::tuple{"BUY", -1, "pf-buy"}, {"SELL", 1, "pf-sell"}}) {
    auto r = place_maker(c, side, cents, id, amount);
    INFO(r.response.body);
    REQUIRE(r.response.status == 200);
  }
  // Whichever side the market moves to fills in steps; GET order sees each.
  std::string done;
  std::map<std::string, bool> partial;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{90};
  while (done.empty() && std::chrono::steady_clock::now() < deadline) {
    for (const char* id : {"pf-buy", "pf-sell"}) {
      auto q = c.signed_call("GET", "/api/v3/order", std::string{"symbol=BTCUSDT&origClientOrderId="} + id);
      auto status = field(q.response.body, "status");
      if (status == "PARTIALLY_FILLED") {
        CHECK(field(q.response.body, "executedQty") != "0.00000000");
        CHECK(field(q.response.body, "executedQty") != amount);
        partial[id] = true;
      }
      if (status == "FILLED" && partial[id])
        done = id;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  REQUIRE_FALSE(done.empty());
  auto order = c.signed_call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + done);
  auto trades = c.signed_call("GET", "/api/v3/myTrades",
                              "symbol=BTCUSDT&orderId=" + field(order.response.body, "orderId"));
  simdjson::dom::array list;
  REQUIRE_FALSE(parser.parse(trades.response.body).get_array().get(list));
  CHECK(list.size() >= 2);
  tn::sim::units sum = 0;
  std::set<int64_t> ids;
  for (auto t : list) {
    tn::sim::units part = 0, fee = 0;
    REQUIRE(tn::sim::parse_fixed(std::string{t["qty"].get_string().value()}, 8, part));
    REQUIRE(tn::sim::parse_fixed(std::string{t["commission"].get_string().value()}, 8, fee));
    CHECK(fee > 0);
    CHECK(t["isMaker"].get_bool().value());
    ids.insert(t["id"].get_int64().value());
    sum += part;
  }
  CHECK(ids.size() == list.size());
  CHECK(tn::sim::format_fixed(sum, 8) == amount);
}

TEST_CASE("exchange-sim private API: key, signature and timestamp errors on the wire") {
  sim_client c;
  auto unsigned_req = c.send("GET", "/api/v3/account?timestamp=1");
  CHECK(unsigned_req.response.status == 401);
  CHECK(unsigned_req.response.body == R"({"code":-2014,"msg":"API-key format invalid."})");
  auto bad = c.signed_call("GET", "/api/v3/account", "", wall_ms(), "wrong-secret");
  CHECK(bad.response.body == R"({"code":-1022,"msg":"Signature for this request is not valid."})");
  auto old = c.signed_call("GET", "/api/v3/account", "", wall_ms() - 60'000);
  CHECK(old.response.body == R"({"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."})");
  auto ok = c.signed_call("GET", "/api/v3/account", "");
  CHECK(ok.response.status == 200);
  CHECK(ok.response.header("X-MBX-USED-WEIGHT-1M") != "");
}
