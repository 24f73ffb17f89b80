// Positions against the exchange's holdings at start: the pure decision
// (reconcile_positions) in every case, and the tracker applying it.

#include "actors/tracker/reconcile.hpp"
#include "tracker_test_util.hpp"

namespace tn::test {

namespace {

position held_position(const std::string& id, const char* qty, const std::string& symbol = "BTCUSDT") {
  position p;
  p.position_id = id;
  p.symbol = symbol;
  p.quantity = dec(qty);
  p.entry_price = dec("100");
  p.best_price = dec("100");
  p.opened = t0 - 1h;
  return p;
}

exchange_holding holding(const char* qty, const std::string& symbol = "BTCUSDT",
                         const char* entry = "0") {
  return {symbol, dec(qty), dec(entry), dec("0.001")};
}

exchange_holdings spot(std::vector<exchange_holding> xs) {
  return {false, std::move(xs), t0};
}

exchange_holdings futures(std::vector<exchange_holding> xs) {
  return {true, std::move(xs), t0};
}

} // namespace

TEST_CASE("reconcile: equal quantities and dust below one lot step need no correction") {
  std::vector<position> journal{held_position("p1", "0.5")};
  CHECK(reconcile_positions(journal, spot({holding("0.5")})).empty());
  CHECK(reconcile_positions(journal, spot({holding("0.5009")})).empty());
  CHECK(reconcile_positions(journal, spot({holding("0.4991")})).empty());
  CHECK(reconcile_positions(journal, futures({holding("0.4995")})).empty());
  // Nothing in the journal, dust at the exchange: nothing to say.
  CHECK(reconcile_positions({}, spot({holding("0.0009")})).empty());
  CHECK(reconcile_positions({}, futures({holding("-0.0009")})).empty());
}

TEST_CASE("reconcile: a journal position larger than the holding is reduced to it") {
  auto out = reconcile_positions({held_position("p1", "0.5")}, spot({holding("0.3")}));
  REQUIRE(out.size() == 1);
  CHECK(out[0].action == reconcile_action::reduce);
  CHECK(out[0].position_id == "p1");
  CHECK(out[0].journal_quantity == dec("0.5"));
  CHECK(out[0].exchange_quantity == dec("0.3"));
  CHECK(out[0].quantity == dec("0.3"));
  CHECK(describe(out[0]) == "BTCUSDT: the journal holds 0.5 (p1), the exchange 0.3: reduced to "
                            "0.3 in the exchange's favour");
}

TEST_CASE("reconcile: a position the exchange no longer holds is closed, dust or none left") {
  for (auto* left : {"0", "0.0004"}) {
    auto out = reconcile_positions({held_position("p1", "0.5")}, spot({holding(left)}));
    REQUIRE(out.size() == 1);
    CHECK(out[0].action == reconcile_action::close);
    CHECK(describe(out[0]).find("gone at the exchange") != std::string::npos);
  }
}

TEST_CASE("reconcile: spot coins beyond the node's positions are the account's own") {
  // More than the journal's position: not raised.
  auto out = reconcile_positions({held_position("p1", "0.5")}, spot({holding("1.5")}));
  REQUIRE(out.size() == 1);
  CHECK(out[0].action == reconcile_action::foreign);
  CHECK(describe(out[0]).find("the 1 beyond the node's positions are the account's own")
        != std::string::npos);
  // No position at all: not adopted.
  out = reconcile_positions({}, spot({holding("2")}));
  REQUIRE(out.size() == 1);
  CHECK(out[0].action == reconcile_action::foreign);
  CHECK(out[0].position_id.empty());
  CHECK(out[0].exchange_quantity == dec("2"));
}

TEST_CASE("reconcile: futures longs are raised, reduced, closed and adopted") {
  auto raised = reconcile_positions({held_position("p1", "0.5")},
                                    futures({holding("0.8", "BTCUSDT", "101.5")}));
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].action == reconcile_action::raise);
  CHECK(raised[0].quantity == dec("0.8"));
  CHECK(raised[0].entry_price == dec("101.5"));

  auto reduced = reconcile_positions({held_position("p1", "0.5")}, futures({holding("0.2")}));
  REQUIRE(reduced.size() == 1);
  CHECK(reduced[0].action == reconcile_action::reduce);
  CHECK(reduced[0].quantity == dec("0.2"));

  auto closed = reconcile_positions({held_position("p1", "0.5")}, futures({holding("0")}));
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].action == reconcile_action::close);

  auto adopted = reconcile_positions({}, futures({holding("0.25", "ETHUSDT", "2500")}));
  REQUIRE(adopted.size() == 1);
  CHECK(adopted[0].action == reconcile_action::adopt);
  CHECK(adopted[0].symbol == "ETHUSDT");
  CHECK(adopted[0].quantity == dec("0.25"));
  CHECK(adopted[0].entry_price == dec("2500"));
}

TEST_CASE("reconcile: futures shorts are reported, never tracked") {
  auto out = reconcile_positions({}, futures({holding("-0.3")}));
  REQUIRE(out.size() == 1);
  CHECK(out[0].action == reconcile_action::short_untracked);
  CHECK(out[0].exchange_quantity == dec("-0.3"));
  // A long the journal holds turned short: the long is gone, the short reported.
  out = reconcile_positions({held_position("p1", "0.5")}, futures({holding("-0.3")}));
  REQUIRE(out.size() == 2);
  CHECK(out[0].action == reconcile_action::close);
  CHECK(out[0].position_id == "p1");
  CHECK(out[1].action == reconcile_action::short_untracked);
}

TEST_CASE("reconcile: a position of a symbol whose holding was not read is reported") {
  auto out = reconcile_positions({held_position("p1", "1", "ETHUSDT")}, spot({holding("0")}));
  REQUIRE(out.size() == 1);
  CHECK(out[0].action == reconcile_action::not_read);
  CHECK(out[0].symbol == "ETHUSDT");
}

TEST_CASE("reconcile: without a lot step every difference counts") {
  exchange_holding h{"BTCUSDT", dec("0.49999999"), {}, {}};
  auto out = reconcile_positions({held_position("p1", "0.5")}, spot({h}));
  REQUIRE(out.size() == 1);
  CHECK(out[0].action == reconcile_action::reduce);
}

TEST_CASE("the tracker corrects its restored positions to the exchange, journaled") {
  auto t = make_tracker();
  t.restore({held_position("p1", "0.5"), held_position("p2", "2", "ETHUSDT")}, {}, t0);
  t.output().clear();
  auto changed = t.reconcile(spot({holding("0.3"), holding("0", "ETHUSDT")}), t0 + 1s);
  CHECK(changed == 2);
  auto ps = t.positions();
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].position_id == "p1");
  CHECK(ps[0].quantity == dec("0.3"));
  // Both rows are journaled: the reduced one, and the gone one with quantity
  // zero (its row is deleted); no exit, no PnL for a position gone unseen.
  auto& saved = t.output().saved;
  REQUIRE(saved.size() == 2);
  CHECK(saved[0].position_id == "p1");
  CHECK(saved[0].quantity == dec("0.3"));
  CHECK(saved[1].position_id == "p2");
  CHECK(saved[1].quantity.is_zero());
  CHECK(t.output().exits.empty());
  CHECK(has_event(t.output(), "BTCUSDT: the journal holds 0.5 (p1), the exchange 0.3: reduced"));
  CHECK(has_event(t.output(), "ETHUSDT: the journal holds 2 (p2), the exchange 0: closed"));
  CHECK(t.stats().reconciled == 2);
  // An exit asked afterwards sells what the exchange holds.
  t.output().clear();
  t.on_exit_request(exit_of_kind(order_reason::model_sell), t0 + 2s);
  REQUIRE(t.output().orders.size() == 1);
  CHECK(t.output().orders[0].quantity == dec("0.3"));
}

TEST_CASE("the tracker adopts a futures long so its stops protect it") {
  auto t = make_tracker();
  t.restore({}, {}, t0);
  auto changed = t.reconcile(futures({holding("0.25", "BTCUSDT", "100")}), t0 + 1s);
  CHECK(changed == 1);
  auto ps = t.positions();
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].quantity == dec("0.25"));
  CHECK(ps[0].entry_price == dec("100"));
  CHECK(ps[0].position_id == adopted_position_id("BTCUSDT", t0));
  REQUIRE(t.output().saved.size() == 1);
  t.output().clear();
  // The stop-loss (4 % by default) closes it like any other position.
  t.on_tick(price_tick(95, t0 + 2s), t0 + 2s);
  REQUIRE(t.output().orders.size() == 1);
  CHECK(t.output().orders[0].reason == order_reason::stop_loss);
  CHECK(t.output().orders[0].quantity == dec("0.25"));
}

TEST_CASE("the tracker leaves a position with an exit in flight to its exit") {
  auto t = make_tracker();
  t.restore({held_position("p1", "0.5")}, {}, t0);
  t.on_exit_request(exit_of_kind(order_reason::model_sell), t0);
  t.output().clear();
  CHECK(t.reconcile(spot({holding("0")}), t0 + 1s) == 0);
  CHECK(t.positions().size() == 1);
  CHECK(has_event(t.output(), "Not corrected: exit"));
}

} // namespace tn::test
