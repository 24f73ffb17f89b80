// The binance broker against exchange-sim's USDⓈ-M futures API: leverage
// and margin type set once per symbol, a MARKET order filled through the
// trade list, and protective stops (reduce-only, close-position) through
// the algo order endpoint; the spot protective stop as STOP_LOSS_LIMIT.

#include "test/integration/broker/binance_rig.hpp"

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

order_request protective(binance_rig& rig, const std::string& id, const std::string& qty,
                         decimal stop, decimal limit) {
  auto x = rig.order(id, order_side::sell, order_type::stop_loss_limit, qty, limit);
  x.stop_price = stop;
  x.reduce_only = true;
  x.reason = order_reason::protective;
  x.decision_id = 0;
  return x;
}

decimal below(decimal p, const char* fraction) {
  return round_to_step(p - mul(p, dec(fraction)), dec("0.1"), rounding::down);
}

} // namespace

TEST_CASE("binance futures: leverage and margin type once, MARKET fills, algo stops rest") {
  binance_rig rig;
  auto cfg = binance_rig::fast_config(market_kind::futures);
  cfg.leverage = 3;
  cfg.margin = margin_type::cross;
  rig.start(cfg);
  rig.place(rig.order("f1", order_side::buy, order_type::market, "0.010"));
  auto first = rig.final_state("f1");
  CHECK(first.state == order_state::filled);
  CHECK(first.filled_quantity == dec("0.01"));
  CHECK(rig.rec->fills_of("f1") == 2); // read from userTrades, once per sink
  rig.place(rig.order("f2", order_side::buy, order_type::market, "0.010"));
  CHECK(rig.final_state("f2").state == order_state::filled);
  CHECK(rig.rec->events_with("BTCUSDT: leverage 3, margin cross") == 1);
  auto risk = rig.sim.signed_call("GET", "/fapi/v2/positionRisk", "symbol=BTCUSDT");
  CHECK(risk.response.body.find(R"("leverage":"3")") != std::string::npos);
  INFO(risk.response.body);
  CHECK(risk.response.body.find(R"("positionAmt":"0.02)") != std::string::npos);

  auto p = rig.price();
  // Close-position stop: no quantity, whatever the position is when it triggers.
  rig.place(protective(rig, "p1-s1", "0", below(p, "0.03"), {}));
  rig.wait_state("p1-s1", order_state::open);
  auto algo = rig.sim.signed_call("GET", "/fapi/v1/algoOrder", "clientAlgoId=p1-s1");
  CHECK(algo.response.body.find(R"("algoStatus":"NEW")") != std::string::npos);
  CHECK(algo.response.body.find(R"("closePosition":true)") != std::string::npos);
  CHECK(algo.response.body.find(R"("orderType":"STOP_MARKET")") != std::string::npos);
  caf::anon_send(rig.broker, atom::cancel_v, std::string{"p1-s1"});
  CHECK(rig.final_state("p1-s1").state == order_state::canceled);

  // Reduce-only stop limit for a quantity.
  rig.place(protective(rig, "p1-s2", "0.020", below(p, "0.03"), below(p, "0.035")));
  rig.wait_state("p1-s2", order_state::open);
  algo = rig.sim.signed_call("GET", "/fapi/v1/algoOrder", "clientAlgoId=p1-s2");
  CHECK(algo.response.body.find(R"("orderType":"STOP")") != std::string::npos);
  CHECK(algo.response.body.find(R"("reduceOnly":true)") != std::string::npos);
  CHECK(rig.rec->events_with("leverage") == 1);
}

TEST_CASE("binance spot: a protective stop rests as STOP_LOSS_LIMIT") {
  binance_rig rig;
  rig.start(binance_rig::fast_config());
  auto p = rig.price();
  rig.place(protective(rig, "p2-s1", "0.001", below(p, "0.03"), below(p, "0.035")));
  rig.wait_state("p2-s1", order_state::open);
  auto q = rig.sim.signed_call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=p2-s1");
  CHECK(q.response.body.find(R"("type":"STOP_LOSS_LIMIT")") != std::string::npos);
  CHECK(rig.sim_orders("p2-s1") == 1);
}

TEST_CASE("binance futures: a close-position stop that triggers is filled through its order") {
  binance_rig rig;
  rig.start(binance_rig::fast_config(market_kind::futures));
  rig.place(rig.order("f3", order_side::buy, order_type::market, "0.010"));
  REQUIRE(rig.final_state("f3").state == order_state::filled);
  // Just below the market: the synthetic price falls through it soon.
  auto p = rig.price();
  rig.place(protective(rig, "p3-s1", "0", below(p, "0.001"), {}));
  auto last = rig.final_state("p3-s1", 120s);
  CHECK(last.state == order_state::filled);
  CHECK(last.filled_quantity == dec("0.01"));
  CHECK(rig.rec->fills_of("p3-s1") == 2); // the triggered order's fill, once per sink
  auto risk = rig.sim.signed_call("GET", "/fapi/v2/positionRisk", "symbol=BTCUSDT");
  INFO(risk.response.body);
  CHECK(risk.response.body.find(R"("positionAmt":"0.00000000")") != std::string::npos);
}
