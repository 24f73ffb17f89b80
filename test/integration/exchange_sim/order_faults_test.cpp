// Order-specific faults over the wire: a rejected order is not executed; a
// dropped answer and a 5xx come after the order executed, so the client
// finds it by its client id; 429 and 418 refuse it with Retry-After.

#include "test/integration/exchange_sim/sim_client.hpp"

using namespace tn::test;

namespace {

std::string market_buy(const std::string& client_id) {
  return "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=" + client_id;
}

/// The order's status, or the error body if the simulator does not know it.
std::string status_of(sim_client& c, const std::string& client_id) {
  auto q = c.signed_call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + client_id);
  auto at = q.response.body.find(R"("status":")");
  return at == std::string::npos ? q.response.body
                                 : q.response.body.substr(at + 10, q.response.body.find('"', at + 10) - at - 10);
}

void arm(sim_client& c, const std::string& kind) {
  REQUIRE(c.send("POST", "/sim/fault?next=" + kind).response.status == 200);
}

} // namespace

TEST_CASE("exchange-sim order faults: reject, drop and 5xx after executing") {
  sim_client c;
  arm(c, "reject");
  auto rejected = c.signed_call("POST", "/api/v3/order", market_buy("f-reject"));
  CHECK(rejected.response.status == 400);
  CHECK(rejected.response.body == R"({"code":-2010,"msg":"Market is closed."})");
  CHECK(status_of(c, "f-reject") == R"({"code":-2013,"msg":"Order does not exist."})");

  arm(c, "drop");
  auto dropped = c.signed_call("POST", "/api/v3/order", market_buy("f-drop"));
  CHECK_FALSE(dropped.ok());
  CHECK(dropped.outcome_unknown);
  CHECK(status_of(c, "f-drop") == "FILLED");

  arm(c, "5xx");
  auto unknown = c.signed_call("POST", "/api/v3/order", market_buy("f-5xx"));
  CHECK(unknown.response.status == 503);
  CHECK(unknown.response.body.find(R"("code":-1007)") != std::string::npos);
  CHECK(status_of(c, "f-5xx") == "FILLED");

  auto record = c.record_text();
  CHECK(record.find(R"("clientOrderId":"f-reject")") == std::string::npos);
  CHECK(record.find(R"({"event":"fill","market":"spot","symbol":"BTCUSDT","tradeId":1,"orderId":1,"clientOrderId":"f-drop")")
        != std::string::npos);
  CHECK(record.find(R"("clientOrderId":"f-5xx")") != std::string::npos);
}

TEST_CASE("exchange-sim order faults: 429 and 418 refuse the order with Retry-After") {
  sim_client c{{"--order-fault", "429:2", "--retry-after", "1"}};
  CHECK(c.signed_call("POST", "/api/v3/order", market_buy("r-1")).response.status == 200);
  auto limited = c.signed_call("POST", "/api/v3/order", market_buy("r-2"));
  CHECK(limited.response.status == 429);
  CHECK(limited.response.header("Retry-After") == "1");
  CHECK(limited.response.body.find(R"("code":-1003)") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds{1100}); // honour Retry-After
  CHECK(status_of(c, "r-2") == R"({"code":-2013,"msg":"Order does not exist."})");
  arm(c, "418");
  auto banned = c.signed_call("POST", "/api/v3/order", market_buy("r-3"));
  CHECK(banned.response.status == 418);
  CHECK(banned.response.header("Retry-After") == "1");
  std::this_thread::sleep_for(std::chrono::milliseconds{1100});
  CHECK(status_of(c, "r-3") == R"({"code":-2013,"msg":"Order does not exist."})");
}
