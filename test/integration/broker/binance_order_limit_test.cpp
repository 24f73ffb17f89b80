// The binance broker against exchange-sim's ORDERS limit (--order-limit 2
// per 10 s): new orders over the count wait for the next window instead of
// going out, and a -1015 refusal (the window used up by another client of
// the account) holds new orders until it resets; each hold is one event,
// and every order still fills once.

#include "test/integration/broker/binance_rig.hpp"

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

/// Waits until the exchange's 10 s window is young, so that what the test
/// sends next falls into one window.
void start_of_window() {
  while (wall_ms() % 10'000 > 1'500 || wall_ms() % 10'000 < 300)
    std::this_thread::sleep_for(20ms);
}

} // namespace

TEST_CASE("binance spot: new orders over the order count wait for the next window") {
  binance_rig rig{{"--order-limit", "2"}};
  rig.start(binance_rig::fast_config());
  start_of_window();
  for (auto id : {"c1", "c2", "c3", "c4"})
    rig.place(rig.order(id, order_side::buy, order_type::market, "0.001"));
  for (auto id : {"c1", "c2", "c3", "c4"}) {
    CHECK(rig.final_state(id).state == order_state::filled);
    CHECK(rig.sim_orders(id) == 1);
  }
  // Held, not refused: the exchange never answered -1015.
  CHECK(rig.rec->events_with("the exchange's order limit is reached (10S 2/2)") == 1);
  CHECK(rig.rec->events_with("Too many new orders") == 0);
  CHECK(rig.status().facts["limits"].find("orders 10S=") != std::string::npos);
}

TEST_CASE("binance spot: a -1015 holds new orders until the window resets, with one event") {
  binance_rig rig{{"--order-limit", "2"}};
  rig.start(binance_rig::fast_config());
  start_of_window();
  // Another client of the account uses up the window.
  for (auto id : {"other1", "other2"}) {
    auto r = rig.sim.signed_call("POST", "/api/v3/order",
                                 "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001"
                                 "&newClientOrderId="
                                   + std::string{id});
    REQUIRE(r.response.status == 200);
  }
  rig.place(rig.order("d1", order_side::buy, order_type::market, "0.001"));
  rig.place(rig.order("d2", order_side::buy, order_type::market, "0.001"));
  for (auto id : {"d1", "d2"}) {
    CHECK(rig.final_state(id).state == order_state::filled);
    CHECK(rig.sim_orders(id) == 1);
    CHECK(rig.rec->fills_of(id) == 2);
  }
  CHECK(rig.rec->events_with("the exchange refused a new order: Too many new orders") == 1);
  // Refused and held, never rejected to the sinks.
  std::lock_guard<std::mutex> guard{rig.rec->mutex};
  for (auto& u : rig.rec->updates)
    CHECK(u.state != order_state::rejected);
}

TEST_CASE("binance spot: a held order canceled before it goes out never reaches the exchange") {
  binance_rig rig{{"--order-limit", "1"}};
  rig.start(binance_rig::fast_config());
  start_of_window();
  rig.place(rig.order("e1", order_side::buy, order_type::market, "0.001"));
  rig.place(rig.order("e2", order_side::buy, order_type::market, "0.001"));
  REQUIRE(rig.wait_for([&] { return rig.status().counters["held_orders"] == 1; }));
  caf::anon_send(rig.broker, atom::cancel_v, std::string{"e2"});
  CHECK(rig.final_state("e1").state == order_state::filled);
  auto e2 = rig.final_state("e2");
  CHECK(e2.state == order_state::canceled);
  CHECK(e2.reason == "canceled while held by the order limit");
  CHECK(rig.sim_orders("e2") == 0);
}
