// Exactly one exit per position: a stop, a model SELL, a kill-switch
// flatten and a re-evaluation SELL racing in every order give one exit order
// and one position_exit; a failed exit reopens the position.

#include "tracker_test_util.hpp"

#include <algorithm>
#include <array>

namespace tn::test {

namespace {

enum class trigger { stop, model_sell, kill_switch, reevaluation };

order_reason reason_of(trigger x) {
  switch (x) {
    case trigger::stop: return order_reason::stop_loss;
    case trigger::model_sell: return order_reason::model_sell;
    case trigger::kill_switch: return order_reason::kill_switch;
    case trigger::reevaluation: return order_reason::reevaluation;
  }
  return order_reason::flatten;
}

void fire(tracker& t, trigger x, timestamp now) {
  if (x == trigger::stop)
    t.on_tick(price_tick(95, now), now); // 5 % below the entry at 100
  else
    t.on_exit_request(exit_of_kind(reason_of(x), 11), now);
}

} // namespace

TEST_CASE("racing exit triggers in every order give one exit order and one position_exit") {
  std::array<trigger, 4> order{trigger::stop, trigger::model_sell, trigger::kill_switch,
                               trigger::reevaluation};
  std::sort(order.begin(), order.end());
  do {
    auto t = make_tracker();
    t.on_fill(buy("d1-0", "2", "100"), t0);
    auto now = t0 + 1min;
    // The first two race before the order is answered, the others after
    // its first fill, while the position still holds half.
    fire(t, order[0], now);
    fire(t, order[1], now);
    REQUIRE(t.output().orders.size() == 1);
    auto o = t.output().orders.front();
    CHECK(o.reason == reason_of(order[0]));
    CHECK(o.client_id == "d1-0-x1");
    CHECK(o.quantity == dec("2"));
    t.on_fill(sell(o.client_id, "1", "95"), now);
    fire(t, order[2], now + 1s);
    fire(t, order[3], now + 2s);
    t.on_order_update(update(o.client_id, order_state::filled, "2"), now + 3s);
    CHECK(t.output().exits.empty());
    t.on_fill(sell(o.client_id, "1", "95"), now + 3s);
    CHECK(t.output().orders.size() == 1);
    REQUIRE(t.output().exits.size() == 1);
    CHECK(t.output().exits.front().reason == reason_of(order[0]));
    CHECK(t.output().exits.front().pnl == dec("-10"));
    CHECK(t.stats().superseded == 3);
    CHECK(has_event(t.output(), "superseded"));
    CHECK(t.positions().empty());
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("a trigger after the close is superseded and names the closed position") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_tick(price_tick(96, t0 + 1s), t0 + 1s);
  REQUIRE(t.output().orders.size() == 1);
  t.on_fill(sell("d1-0-x1", "1", "96"), t0 + 2s);
  REQUIRE(t.output().exits.size() == 1);
  t.on_exit_request(exit_of_kind(order_reason::kill_switch), t0 + 3s);
  CHECK(t.output().orders.size() == 1);
  CHECK(has_event(t.output(), "superseded: kill_switch of BTCUSDT: no open position; the last, "
                              "d1-0 (stop_loss), is closed"));
}

TEST_CASE("a stop reached while an exit is in flight is recorded once, not per tick") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_exit_request(exit_of_kind(order_reason::model_sell), t0 + 1s);
  for (int i = 0; i < 5; ++i)
    t.on_tick(price_tick(90 - i, t0 + 2s + i * 1s), t0 + 2s + i * 1s);
  CHECK(t.output().orders.size() == 1);
  CHECK(t.stats().superseded == 1);
}

TEST_CASE("a stop exit in flight does not supersede itself on the next tick or cadence") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_tick(price_tick(95, t0 + 1s), t0 + 1s);
  t.on_time(t0 + 1s);
  t.on_tick(price_tick(94, t0 + 2s), t0 + 2s);
  t.on_time(t0 + 40s);
  CHECK(t.output().orders.size() == 1);
  CHECK(t.stats().superseded == 0);
}

TEST_CASE("a rejected exit reopens the position; the stop fires again one cadence later") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_tick(price_tick(95, t0 + 10s), t0 + 10s);
  REQUIRE(t.output().orders.size() == 1);
  t.on_order_update(update("d1-0-x1", order_state::rejected, "0", "market closed"), t0 + 11s);
  CHECK(has_event(t.output(), "exit d1-0-x1 (stop_loss) rejected: market closed; d1-0 is open "
                              "again with 1 BTCUSDT"));
  CHECK(t.positions().size() == 1);
  CHECK(t.stats().exits_failed == 1);
  // Not on every tick right after the failure ...
  t.on_tick(price_tick(94, t0 + 12s), t0 + 12s);
  t.on_time(t0 + 20s);
  CHECK(t.output().orders.size() == 1);
  // ... but at the first cadence after one has passed, on the last price,
  // with the next id.
  t.on_time(t0 + 41s);
  CHECK(t.output().orders.size() == 1);
  t.on_time(t0 + 50s);
  REQUIRE(t.output().orders.size() == 2);
  CHECK(t.output().orders.back().client_id == "d1-0-x2");
  CHECK(t.output().orders.back().reason == order_reason::stop_loss);
  t.on_fill(sell("d1-0-x2", "1", "94"), t0 + 42s);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits.front().reason == order_reason::stop_loss);
}

TEST_CASE("a canceled exit keeps what it sold and reopens the rest") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 3), t0 + 1s);
  t.on_fill(sell("d1-0-x1", "0.25", "101"), t0 + 2s);
  t.on_order_update(update("d1-0-x1", order_state::canceled, "0.25"), t0 + 3s);
  CHECK(t.positions().at(0).quantity == dec("0.75"));
  CHECK(t.output().exits.empty());
  // A new request gets a new exit order for the rest.
  t.on_exit_request(exit_of_kind(order_reason::kill_switch), t0 + 4s);
  REQUIRE(t.output().orders.size() == 2);
  CHECK(t.output().orders.back().client_id == "d1-0-x2");
  CHECK(t.output().orders.back().quantity == dec("0.75"));
  t.on_fill(sell("d1-0-x2", "0.75", "99"), t0 + 5s);
  REQUIRE(t.output().exits.size() == 1);
  auto& x = t.output().exits.front();
  CHECK(x.reason == order_reason::kill_switch);
  CHECK(x.quantity == dec("1"));
  CHECK(x.pnl == dec("-0.5")); // +0.25 then -0.75
}

TEST_CASE("a close asked during a reduction waits for it; a third request is superseded") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_exit_request(exit_of_kind(order_reason::reduce, 2, "0.5"), t0 + 1s);
  t.on_exit_request(exit_of_kind(order_reason::kill_switch), t0 + 2s);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 4), t0 + 2s);
  CHECK(t.output().orders.size() == 1);
  CHECK(has_event(t.output(), "kill_switch of BTCUSDT waits for reduction d1-0-x1"));
  CHECK(t.stats().superseded == 1);
  t.on_fill(sell("d1-0-x1", "0.5", "100"), t0 + 3s);
  t.on_order_update(update("d1-0-x1", order_state::filled, "0.5"), t0 + 3s);
  REQUIRE(t.output().orders.size() == 2);
  CHECK(t.output().orders.back().reason == order_reason::kill_switch);
  CHECK(t.output().orders.back().quantity == dec("0.5"));
  t.on_fill(sell("d1-0-x2", "0.5", "100"), t0 + 4s);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits.front().reason == order_reason::kill_switch);
}

TEST_CASE("open positions are re-evaluated through a pass every 180 s") {
  auto t = make_tracker();
  t.on_time(t0);
  t.on_fill(buy("d1-0", "0.5", "100"), t0);
  t.on_tick(price_tick(102, t0 + 100s), t0 + 100s);
  t.on_time(t0 + 150s);
  CHECK(t.output().passes.empty());
  t.on_time(t0 + 180s);
  REQUIRE(t.output().passes.size() == 1);
  auto& p = t.output().passes.front();
  CHECK(p.reason == pass_reason::reevaluation);
  CHECK(to_string(p.reason) == std::string{"reevaluation"});
  CHECK(static_cast<int>(p.reason) == 5); // stored and sent as its value: appended, never moved
  CHECK(p.symbol == "BTCUSDT");
  CHECK(p.detail == "open position BTCUSDT 0.5 @ 100, last 102 (+2.00 %)");
  CHECK(p.ts == t0 + 180s);
  t.on_time(t0 + 330s);
  CHECK(t.output().passes.size() == 1);
  t.on_time(t0 + 360s);
  CHECK(t.output().passes.size() == 2);
  // A position being closed is not put to the model again.
  t.on_exit_request(exit_of_kind(order_reason::model_sell), t0 + 361s);
  t.on_time(t0 + 600s);
  CHECK(t.output().passes.size() == 2);
  CHECK(t.stats().reevaluations == 2);
}

TEST_CASE("several due positions make one pass for every symbol") {
  auto t = make_tracker();
  t.on_fill(buy("a-0", "1", "100"), t0);
  t.on_fill(make_fill("b-0", order_side::buy, "2", "10", "0", "USDT", 0, "ETHUSDT"), t0);
  t.on_time(t0 + 180s);
  REQUIRE(t.output().passes.size() == 1);
  CHECK(t.output().passes.front().symbol.empty());
  CHECK(t.output().passes.front().detail == "open positions BTCUSDT 1 @ 100; ETHUSDT 2 @ 10");
}

TEST_CASE("exit client ids are deterministic and fit Binance's 36 characters") {
  CHECK(exit_client_id("d12-BTCUSDT-0", 1) == "d12-BTCUSDT-0-x1");
  auto long_id = std::string(34, 'a');
  auto id = exit_client_id(long_id, 12);
  CHECK(id.size() <= 36);
  CHECK(id == exit_client_id(long_id, 12));
  CHECK(id != exit_client_id(long_id, 13));
  CHECK(id != exit_client_id(std::string(34, 'b'), 12));
}

TEST_CASE("a closing exit the broker cut to the lot step closes the position; the rest is dust") {
  // A base-asset fee left 0.99999 BTC; the exchange sells 0.9999 (its step).
  // Before, the position stayed open with 0.00009 that no order could sell.
  auto t = make_tracker();
  t.set_lot_rules({lot_of("0.0001")}, t0);
  t.on_fill(buy("d1-0", "1", "100", "0.00001", "BTC"), t0);
  REQUIRE(t.positions().size() == 1);
  CHECK(t.positions().front().quantity == dec("0.99999"));
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 12), t0 + 1min);
  REQUIRE(t.output().orders.size() == 1);
  auto o = t.output().orders.front();
  CHECK(o.quantity == dec("0.99999"));
  t.on_fill(sell(o.client_id, "0.9999", "101"), t0 + 1min);
  CHECK(t.output().exits.empty());
  t.on_order_update(update(o.client_id, order_state::filled, "0.9999"), t0 + 1min);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits.front().quantity == dec("0.9999"));
  CHECK(t.output().exits.front().reason == order_reason::model_sell);
  CHECK(t.positions().empty());
  CHECK(has_event(t.output(), "the 0.00009 left is below the lot step and stays in the account "
                              "as dust"));
}

TEST_CASE("a closing exit filled short of more than it asked leaves the position open") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "2", "100"), t0);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 12), t0 + 1min);
  auto o = t.output().orders.front();
  // Meanwhile the position grew: what remains is no dust of this exit.
  t.on_fill(buy("d2-0", "1", "100"), t0 + 1min);
  t.on_fill(sell(o.client_id, "2", "101"), t0 + 1min);
  t.on_order_update(update(o.client_id, order_state::filled, "2"), t0 + 1min);
  CHECK(t.output().exits.empty());
  REQUIRE(t.positions().size() == 1);
  CHECK(t.positions().front().quantity == dec("1"));
}

TEST_CASE("what a closing exit leaves is dust only below the market lot step") {
  // MARKET_LOT_SIZE 0.01 on top of LOT_SIZE 0.0001: an exit (a market order)
  // sells by the coarser step, so 0.00999 left is dust, and 0.01 is not.
  auto t = make_tracker();
  t.set_lot_rules({lot_of("0.0001", "BTCUSDT", "0.01")}, t0);
  t.on_fill(buy("d1-0", "1.00999", "100"), t0);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 12), t0 + 1min);
  auto o = t.output().orders.front();
  t.on_fill(sell(o.client_id, "1", "101"), t0 + 1min);
  t.on_order_update(update(o.client_id, order_state::filled, "1"), t0 + 1min);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.positions().empty());
  CHECK(has_event(t.output(), "the 0.00999 left is below the lot step"));

  auto u = make_tracker();
  u.set_lot_rules({lot_of("0.0001", "BTCUSDT", "0.01")}, t0);
  u.on_fill(buy("d1-0", "1.01", "100"), t0);
  u.on_exit_request(exit_of_kind(order_reason::model_sell, 12), t0 + 1min);
  auto p = u.output().orders.front();
  u.on_fill(sell(p.client_id, "1", "101"), t0 + 1min);
  u.on_order_update(update(p.client_id, order_state::filled, "1"), t0 + 1min);
  CHECK(u.output().exits.empty());
  REQUIRE(u.positions().size() == 1);
  CHECK(u.positions().front().quantity == dec("0.01"));
}

} // namespace tn::test
