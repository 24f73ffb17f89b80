// Positions from fills: partial fills, average entry, fees in the quote
// asset, reductions, PnL after fees; no position without a fill.

#include "tracker_test_util.hpp"

namespace tn::test {

TEST_CASE("partial fills of one BUY make one position at the average price") {
  auto t = make_tracker();
  t.on_fill(buy("d7-BTCUSDT-0", "0.4", "60000", "0.024"), t0);
  t.on_fill(buy("d7-BTCUSDT-0", "0.6", "60500", "0.0363"), t0 + 1s);
  auto ps = t.positions();
  REQUIRE(ps.size() == 1);
  auto& p = ps.front();
  CHECK(p.position_id == "d7-BTCUSDT-0");
  CHECK(p.symbol == "BTCUSDT");
  CHECK(p.quantity == dec("1"));
  CHECK(p.entry_price == dec("60300"));
  CHECK(p.fees == dec("0.0603"));
  CHECK(p.entry_decision_id == 7);
  CHECK(p.opened == t0);
  CHECK(t.stats().opened == 1);
}

TEST_CASE("a later BUY adds to the position at the weighted average") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_fill(buy("d2-0", "3", "104"), t0 + 1min);
  auto p = t.positions().at(0);
  CHECK(p.position_id == "d1-0"); // the first entry names the position
  CHECK(p.quantity == dec("4"));
  CHECK(p.entry_price == dec("103"));
  CHECK(p.best_price == dec("104"));
}

TEST_CASE("a fee paid in the base asset costs quantity and counts in quote") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100", "0.001", "BTC"), t0);
  auto p = t.positions().at(0);
  CHECK(p.quantity == dec("0.999"));
  CHECK(p.fees == dec("0.1"));
}

TEST_CASE("a fee in a third asset counts at that asset's last price") {
  auto t = make_tracker();
  t.on_tick(price_tick(600, t0, "BNBUSDT"), t0);
  t.on_fill(buy("d1-0", "1", "100", "0.0001", "BNB"), t0);
  CHECK(t.positions().at(0).fees == dec("0.06"));
  CHECK(t.positions().at(0).quantity == dec("1"));
  // Without a price of the asset the fee cannot be counted, and it says so.
  t.on_fill(make_fill("d2-0", order_side::buy, "1", "10", "0.5", "XYZ", 0, "ETHUSDT"), t0);
  CHECK(has_event(t.output(), "0.5 XYZ on d2-0 not counted"));
}

TEST_CASE("a rejected or failed BUY leaves no position") {
  auto t = make_tracker();
  t.on_order_update(update("d1-0", order_state::rejected, "0", "insufficient balance"), t0);
  t.on_order_update(update("d2-0", order_state::dropped), t0);
  t.on_order_update(update("d3-0", order_state::canceled), t0);
  CHECK(t.positions().empty());
  CHECK(t.output().orders.empty());
  CHECK(t.output().exits.empty());
  // An acknowledged BUY without a fill holds nothing yet either.
  t.on_order_update(update("d4-0", order_state::open), t0);
  CHECK(t.positions().empty());
}

TEST_CASE("a fill delivered twice counts once") {
  auto t = make_tracker();
  auto f = make_fill("d1-0", order_side::buy, "1", "100", "0.1", "USDT", 42);
  t.on_fill(f, t0);
  t.on_fill(f, t0 + 1s);
  CHECK(t.positions().at(0).quantity == dec("1"));
  CHECK(t.positions().at(0).fees == dec("0.1"));
  CHECK(t.stats().duplicate_fills == 1);
}

TEST_CASE("a closed position reports its PnL after entry and exit fees") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100", "0.1"), t0);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 9), t0 + 1h);
  REQUIRE(t.output().orders.size() == 1);
  auto o = t.output().orders.front();
  CHECK(o.client_id == "d1-0-x1");
  CHECK(o.side == order_side::sell);
  CHECK(o.quantity == dec("1"));
  CHECK(o.decision_id == 9);
  CHECK(o.reason == order_reason::model_sell);
  t.on_fill(sell(o.client_id, "0.5", "110", "0.055"), t0 + 1h);
  t.on_fill(sell(o.client_id, "0.5", "112", "0.056"), t0 + 1h);
  REQUIRE(t.output().exits.size() == 1);
  auto x = t.output().exits.front();
  CHECK(x.position_id == "d1-0");
  CHECK(x.reason == order_reason::model_sell);
  CHECK(x.entry_decision_id == 7);
  CHECK(x.quantity == dec("1"));
  CHECK(x.entry_price == dec("100"));
  CHECK(x.exit_price == dec("111"));
  CHECK(x.fees == dec("0.211"));
  CHECK(x.pnl == dec("10.789"));
  CHECK(x.opened == t0);
  CHECK(x.closed == t0 + 1h);
  CHECK(t.positions().empty());
  // The broker's final update after the last fill changes nothing.
  t.on_order_update(update(o.client_id, order_state::filled, "1"), t0 + 1h);
  CHECK(t.output().exits.size() == 1);
}

TEST_CASE("a reduction sells part; the close reports the whole position") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_exit_request(exit_of_kind(order_reason::reduce, 2, "0.4"), t0 + 1min);
  REQUIRE(t.output().orders.size() == 1);
  CHECK(t.output().orders.back().quantity == dec("0.6"));
  t.on_fill(sell("d1-0-x1", "0.6", "105", "0.063"), t0 + 1min);
  // Until the exchange says the order is done, it is in flight.
  t.on_exit_request(exit_of_kind(order_reason::reduce, 3, "0.2"), t0 + 2min);
  CHECK(t.output().orders.size() == 1);
  CHECK(t.stats().superseded == 1);
  t.on_order_update(update("d1-0-x1", order_state::filled, "0.6"), t0 + 2min);
  CHECK(t.output().exits.empty());
  CHECK(t.positions().at(0).quantity == dec("0.4"));
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 4), t0 + 3min);
  REQUIRE(t.output().orders.size() == 2);
  CHECK(t.output().orders.back().client_id == "d1-0-x2");
  CHECK(t.output().orders.back().quantity == dec("0.4"));
  t.on_order_update(update("d1-0-x2", order_state::filled, "0.4"), t0 + 3min);
  CHECK(t.output().exits.empty()); // the fill is not in yet
  t.on_fill(sell("d1-0-x2", "0.4", "90", "0.036"), t0 + 3min);
  REQUIRE(t.output().exits.size() == 1);
  auto x = t.output().exits.front();
  CHECK(x.quantity == dec("1"));
  CHECK(x.exit_price == dec("99"));
  CHECK(x.fees == dec("0.099"));
  CHECK(x.pnl == dec("-1.099")); // +3 on the reduction, -4 on the close, fees
  CHECK(x.reason == order_reason::model_sell);
}

TEST_CASE("a sale by someone else shrinks the position and may close it") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_fill(sell("manual-1", "1", "101"), t0 + 1min);
  CHECK(has_event(t.output(), "is no exit of this tracker"));
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits.front().reason == order_reason::flatten);
  t.output().clear();
  t.on_fill(sell("manual-2", "1", "101"), t0 + 2min);
  CHECK(has_event(t.output(), "without an open position: ignored"));
}

} // namespace tn::test
