// What the journal keeps of the positions and what a restarted tracker does
// with it: every change of an open position is handed out to be journaled;
// restored positions keep their stops, an exit in flight is adopted and
// later exits count on from its attempt.

#include "tracker_test_util.hpp"

namespace tn::test {

namespace {

order_request exit_order_of(const std::string& client_id, const char* qty) {
  order_request o;
  o.client_id = client_id;
  o.symbol = "BTCUSDT";
  o.side = order_side::sell;
  o.quantity = dec(qty);
  o.reason = order_reason::model_sell;
  o.decision_id = 8;
  o.ts = t0 - 1min;
  return o;
}

} // namespace

TEST_CASE("fills, the trailing stop armed and a new best price are handed out to be journaled") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  REQUIRE(t.output().saved.size() == 1);
  CHECK(t.output().saved.back().quantity == dec("1"));
  // A higher price is journaled on the cadence, not on every tick ...
  t.on_tick(price_tick(101, t0 + 1s), t0 + 1s);
  t.on_tick(price_tick(102, t0 + 2s), t0 + 2s);
  CHECK(t.output().saved.size() == 1);
  t.on_time(t0 + 2s);
  REQUIRE(t.output().saved.size() == 2);
  CHECK(t.output().saved.back().best_price == dec("102"));
  t.on_time(t0 + 40s); // unchanged: nothing to write
  CHECK(t.output().saved.size() == 2);
  // ... but the trailing stop armed at once.
  t.on_tick(price_tick(103, t0 + 41s), t0 + 41s);
  REQUIRE(t.output().saved.size() == 3);
  CHECK(t.output().saved.back().trailing_armed);
  // A reduction changes the row; the close journals the exit instead.
  t.on_exit_request(exit_of_kind(order_reason::reduce, 2, "0.5"), t0 + 42s);
  t.on_fill(sell("d1-0-x1", "0.5", "103"), t0 + 43s);
  REQUIRE(t.output().saved.size() == 4);
  CHECK(t.output().saved.back().quantity == dec("0.5"));
  t.on_order_update(update("d1-0-x1", order_state::filled, "0.5"), t0 + 43s);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 3), t0 + 44s);
  t.on_fill(sell("d1-0-x2", "0.5", "103"), t0 + 45s);
  CHECK(t.output().saved.size() == 4);
  CHECK(t.output().exits.size() == 1);
}

TEST_CASE("a restored position keeps its armed trailing stop") {
  auto t = make_tracker();
  t.restore({kept_position("100", "120", true)}, {}, t0);
  CHECK(t.stats().restored == 1);
  auto ps = t.positions();
  REQUIRE(ps.size() == 1);
  CHECK(ps.front().position_id == "tn5-0");
  CHECK(has_event(t.output(), "restored tn5-0: 2 BTCUSDT at 100, trailing stop armed at best 120"));
  CHECK(t.output().saved.empty()); // what the journal holds already
  t.on_tick(price_tick(105.6, t0 + 1s), t0 + 1s);
  REQUIRE(t.output().orders.size() == 1);
  CHECK(t.output().orders.front().reason == order_reason::trailing_stop);
  CHECK(t.output().orders.front().client_id == "tn5-0-x1");
  t.on_fill(sell("tn5-0-x1", "2", "105.6", "0.2"), t0 + 2s);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits.front().pnl == dec("10.8")); // 11.2 less both fees
  CHECK(t.output().exits.front().entry_decision_id == 5);
}

TEST_CASE("a journaled exit in flight is adopted: its fills close the position once") {
  auto t = make_tracker();
  t.restore({kept_position("100", "100", false)}, {exit_order_of("tn5-0-x3", "2")}, t0);
  CHECK(has_event(t.output(), "exit tn5-0-x3 (model_sell) of tn5-0 is in flight again"));
  t.on_exit_request(exit_of_kind(order_reason::kill_switch), t0 + 1s);
  CHECK(t.output().orders.empty());
  CHECK(t.stats().superseded == 1);
  // It fails: the next attempt counts on from the adopted one.
  t.on_order_update(update("tn5-0-x3", order_state::expired), t0 + 2s);
  t.on_exit_request(exit_of_kind(order_reason::kill_switch), t0 + 3s);
  REQUIRE(t.output().orders.size() == 1);
  CHECK(t.output().orders.front().client_id == "tn5-0-x4");
}

TEST_CASE("orders that are no exit of a restored position are not adopted") {
  auto t = make_tracker();
  auto entry = exit_order_of("tn9-0", "1");
  entry.side = order_side::buy;
  t.restore({kept_position("100", "100", false)},
            {entry, exit_order_of("tn6-0-x1", "2"), exit_order_of("x", "2")}, t0);
  t.on_exit_request(exit_of_kind(order_reason::model_sell), t0 + 1s);
  REQUIRE(t.output().orders.size() == 1);
  CHECK(t.output().orders.front().client_id == "tn5-0-x1");
}

TEST_CASE("a position opened from fills before the journal answered stays as it is") {
  auto t = make_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.restore({kept_position("90", "90", false)}, {}, t0 + 1s);
  REQUIRE(t.positions().size() == 1);
  CHECK(t.positions().front().position_id == "d1-0");
  CHECK(has_event(t.output(), "journaled position tn5-0 not restored: d1-0 opened from fills"));
}

TEST_CASE("exit attempts are read back from both forms of exit ids") {
  CHECK(exit_attempt_of("tn5-0", "tn5-0-x12") == 12u);
  CHECK_FALSE(exit_attempt_of("tn5-0", "tn5-0-x"));
  CHECK_FALSE(exit_attempt_of("tn5-0", "tn5-0"));
  CHECK_FALSE(exit_attempt_of("tn5-0", "tn6-0-x1"));
  CHECK_FALSE(exit_attempt_of("tn5-0", ""));
  auto long_id = std::string(34, 'a');
  CHECK(exit_attempt_of(long_id, exit_client_id(long_id, 7)) == 7u);
  CHECK_FALSE(exit_attempt_of(std::string(34, 'b'), exit_client_id(long_id, 7)));
}

TEST_CASE("exits and stops of positions from two journals differ by the entry's epoch") {
  // Entry ids "tn<epoch>-<decision>-<leg>" (actors/risk entry_client_id):
  // the same decision and leg in two journals.
  std::string mine = "tn5eed0001-42-0";
  std::string earlier = "tn0badcafe-42-0";
  CHECK(exit_client_id(mine, 1) == "tn5eed0001-42-0-x1");
  CHECK(exit_client_id(mine, 1) != exit_client_id(earlier, 1));
  CHECK(stop_client_id(mine, 1) != stop_client_id(earlier, 1));
  CHECK(exit_attempt_of(mine, exit_client_id(mine, 3)) == 3u);
  CHECK_FALSE(exit_attempt_of(mine, exit_client_id(earlier, 3)));
  CHECK(stop_revision_of(mine, stop_client_id(mine, 2)) == 2u);
  CHECK_FALSE(stop_revision_of(mine, stop_client_id(earlier, 2)));
  // At the largest decision id and leg the entry id takes 35 characters:
  // exits and stops take the hashed form, within 36, and still parse back,
  // and the hash keeps the epoch apart.
  std::string longest = "tnffffffff-18446744073709551615-999";
  std::string other = "tn00000000-18446744073709551615-999";
  REQUIRE(longest.size() == 35);
  for (uint32_t n : {1u, 9u, 4000000000u}) {
    CHECK(exit_client_id(longest, n).size() <= 36);
    CHECK(stop_client_id(longest, n).size() <= 36);
    CHECK(exit_attempt_of(longest, exit_client_id(longest, n)) == n);
    CHECK(stop_revision_of(longest, stop_client_id(longest, n)) == n);
    CHECK(exit_client_id(longest, n) != exit_client_id(other, n));
    CHECK_FALSE(exit_attempt_of(other, exit_client_id(longest, n)));
  }
}

} // namespace tn::test
