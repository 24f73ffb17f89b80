// execution.protective_stop: exchange. Every open position rests one
// STOP_LOSS_LIMIT sell at the exchange: placed on open, moved with the
// trailing stop (by at least the minimum step, on the cadence), following
// the quantity, canceled before any node-side sale, and its fill is the
// position's one exit. A restart keeps the stop the journal knows.

#include "tracker_test_util.hpp"

#include <utility>

namespace tn::test {

namespace {

tracker protected_tracker() {
  tracker_config cfg;
  cfg.execution.protective_stop = protective_stop_mode::exchange;
  return tracker{cfg, safety_thresholds{}};
}

/// The orders and cancels handed out since the last call, then cleared
/// (the events stay).
struct sent {
  std::vector<order_request> orders;
  std::vector<std::string> cancels;
};

sent take(tracker& t) {
  auto& out = t.output();
  sent s{std::exchange(out.orders, {}), std::exchange(out.cancels, {})};
  return s;
}

/// Opens d1-0 with 1 BTC at 100 and acknowledges its first stop.
void open_protected(tracker& t) {
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_order_update(update("d1-0-s1", order_state::open), t0);
}

} // namespace

TEST_CASE("a protective stop is placed when a position opens, for all of it at the stop-loss") {
  auto t = protected_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  auto s = take(t);
  REQUIRE(s.orders.size() == 1);
  auto& o = s.orders[0];
  CHECK(o.client_id == "d1-0-s1");
  CHECK(o.type == order_type::stop_loss_limit);
  CHECK(o.reason == order_reason::protective);
  CHECK(o.side == order_side::sell);
  CHECK(o.reduce_only);
  CHECK(o.quantity == dec("1"));
  CHECK(o.stop_price == dec("96"));  // 4 % below entry
  CHECK(o.price == dec("95.52"));    // 0.5 % below the trigger
  CHECK(t.stats().stops_placed == 1);

  // node: the node alone watches the stop, nothing rests at the exchange.
  auto n = make_tracker();
  n.on_fill(buy("d1-0", "1", "100"), t0);
  CHECK(n.output().orders.empty());
}

TEST_CASE("the resting stop follows the trailing stop on the cadence, by the minimum step") {
  auto t = protected_tracker();
  open_protected(t);
  t.on_time(t0); // the cadence starts
  take(t);
  // Armed, and the trailing stop (110 - 12 % = 96.8) is above the stop-loss.
  t.on_tick(price_tick(110, t0 + 1s), t0 + 1s);
  CHECK(take(t).cancels.empty()); // not on the tick
  t.on_time(t0 + 30s);
  auto s = take(t);
  CHECK(s.cancels == std::vector<std::string>{"d1-0-s1"});
  CHECK(s.orders.empty()); // cancel first: never two resting at once
  t.on_order_update(update("d1-0-s1", order_state::canceled), t0 + 31s);
  s = take(t);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-s2");
  CHECK(s.orders[0].stop_price == dec("96.8"));
  t.on_order_update(update("d1-0-s2", order_state::open), t0 + 32s);
  // 110.3 moves the trailing stop to 97.064: less than 0.5 % above 96.8.
  t.on_tick(price_tick(110.3, t0 + 33s), t0 + 33s);
  t.on_time(t0 + 60s);
  CHECK(take(t).cancels.empty());
  // 111: 97.68, at least 0.5 % above.
  t.on_tick(price_tick(111, t0 + 61s), t0 + 61s);
  t.on_time(t0 + 90s);
  CHECK(take(t).cancels == std::vector<std::string>{"d1-0-s2"});
  t.on_order_update(update("d1-0-s2", order_state::canceled), t0 + 91s);
  s = take(t);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-s3");
  CHECK(s.orders[0].stop_price == dec("97.68"));
}

TEST_CASE("the stop's quantity follows the position as it grows and shrinks") {
  auto t = protected_tracker();
  open_protected(t);
  take(t);
  t.on_fill(buy("d1-0", "1", "100", "0", "USDT"), t0 + 1s); // a second fill of the entry
  auto s = take(t);
  CHECK(s.cancels == std::vector<std::string>{"d1-0-s1"});
  CHECK(s.orders.empty());
  t.on_order_update(update("d1-0-s1", order_state::canceled), t0 + 2s);
  s = take(t);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-s2");
  CHECK(s.orders[0].quantity == dec("2"));
  t.on_order_update(update("d1-0-s2", order_state::open), t0 + 3s);
  // A reduction to 0.5 sells only once the stop is gone, then rests a stop
  // for what is left.
  t.on_exit_request(exit_of_kind(order_reason::reduce, 9, "0.5"), t0 + 4s);
  s = take(t);
  CHECK(s.orders.empty());
  CHECK(s.cancels == std::vector<std::string>{"d1-0-s2"});
  t.on_order_update(update("d1-0-s2", order_state::canceled), t0 + 5s);
  s = take(t);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-x1");
  CHECK(s.orders[0].quantity == dec("1.5"));
  t.on_fill(sell("d1-0-x1", "1.5", "101"), t0 + 6s);
  t.on_order_update(update("d1-0-x1", order_state::filled, "1.5"), t0 + 6s);
  s = take(t);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-s3");
  CHECK(s.orders[0].quantity == dec("0.5"));
  CHECK(t.output().exits.empty());
}

TEST_CASE("a node-side exit is sent only after the exchange confirmed the stop's cancel") {
  auto t = protected_tracker();
  open_protected(t);
  take(t);
  t.on_tick(price_tick(95.9, t0 + 1s), t0 + 1s); // the node's stop-loss
  auto s = take(t);
  CHECK(s.orders.empty()); // on spot the stop locks the BTC; both must never sell
  CHECK(s.cancels == std::vector<std::string>{"d1-0-s1"});
  t.on_tick(price_tick(95.5, t0 + 2s), t0 + 2s); // no second cancel, no second exit
  CHECK(take(t).cancels.empty());
  t.on_order_update(update("d1-0-s1", order_state::canceled), t0 + 3s);
  s = take(t);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-x1");
  CHECK(s.orders[0].type == order_type::market);
  CHECK(s.orders[0].reason == order_reason::stop_loss);
  CHECK(s.orders[0].quantity == dec("1"));
  t.on_fill(sell("d1-0-x1", "1", "95.4"), t0 + 4s);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits[0].reason == order_reason::stop_loss);
  CHECK(t.output().orders.empty()); // no stop for a closed position
}

TEST_CASE("a cancel waits for the stop's acknowledgement, else it could overtake it") {
  auto t = protected_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  take(t);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 3), t0 + 1s);
  auto s = take(t);
  CHECK(s.cancels.empty());
  CHECK(s.orders.empty());
  t.on_order_update(update("d1-0-s1", order_state::open), t0 + 2s);
  CHECK(take(t).cancels == std::vector<std::string>{"d1-0-s1"});
  // A stop the exchange refused never rested: the exit goes at once.
  auto r = protected_tracker();
  r.on_fill(buy("d1-0", "1", "100"), t0);
  r.on_exit_request(exit_of_kind(order_reason::model_sell, 3), t0 + 1s);
  take(r);
  r.on_order_update(update("d1-0-s1", order_state::rejected, "0", "Order would trigger immediately."),
                    t0 + 2s);
  s = take(r);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-x1");
}

TEST_CASE("a protective fill is the one exit, the node's trigger meanwhile is superseded") {
  auto t = protected_tracker();
  open_protected(t);
  take(t);
  t.on_tick(price_tick(95.9, t0 + 1s), t0 + 1s); // the node's exit waits for the cancel ...
  take(t);
  t.on_fill(sell("d1-0-s1", "1", "95.9"), t0 + 1s); // ... which the stop's fill beat
  REQUIRE(t.output().exits.size() == 1);
  auto& x = t.output().exits[0];
  CHECK(x.reason == order_reason::protective);
  CHECK(x.exit_price == dec("95.9"));
  CHECK(x.quantity == dec("1"));
  CHECK(t.stats().superseded == 1);
  CHECK(has_event(t.output(), "superseded: stop_loss of BTCUSDT: d1-0 closed by protective first"));
  t.on_order_update(update("d1-0-s1", order_state::filled, "1"), t0 + 2s);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 4), t0 + 3s);
  t.on_time(t0 + 60s);
  CHECK(t.stats().superseded == 2);
  CHECK(t.stats().closed == 1);
  CHECK(t.stats().exits_sent == 0); // the held exit never left
  for (auto& o : t.output().orders)
    CHECK(o.type != order_type::market);
  CHECK(t.positions().empty());
}

TEST_CASE("a stop that fills while the node is quiet closes the position as protective") {
  auto t = protected_tracker();
  open_protected(t);
  t.on_fill(sell("d1-0-s1", "0.4", "95.9"), t0 + 1s); // partly: the rest still rests
  CHECK(t.output().exits.empty());
  CHECK(take(t).cancels.empty());
  t.on_fill(sell("d1-0-s1", "0.6", "95.8"), t0 + 2s);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits[0].reason == order_reason::protective);
  CHECK(t.output().exits[0].exit_price == dec("95.84"));
}

TEST_CASE("a refused stop is placed again one cadence later, an unconfirmed cancel given up") {
  auto t = protected_tracker();
  t.on_fill(buy("d1-0", "1", "100"), t0);
  t.on_time(t0);
  take(t);
  t.on_order_update(update("d1-0-s1", order_state::rejected, "0", "no broker is running"), t0 + 1s);
  CHECK(take(t).orders.empty());
  CHECK(t.stats().stops_failed == 1);
  t.on_time(t0 + 30s); // not yet one cadence after the refusal
  CHECK(take(t).orders.empty());
  t.on_time(t0 + 60s);
  auto s = take(t);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-s2");

  t.on_order_update(update("d1-0-s2", order_state::open), t0 + 61s);
  t.on_exit_request(exit_of_kind(order_reason::model_sell, 3), t0 + 62s);
  CHECK(take(t).cancels == std::vector<std::string>{"d1-0-s2"});
  t.on_time(t0 + 90s); // 28 s after the cancel
  CHECK(take(t).orders.empty());
  t.on_time(t0 + 120s);
  s = take(t);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "d1-0-x1");
  CHECK(has_event(t.output(), "the cancel of protective stop d1-0-s2 was not confirmed"));
}

TEST_CASE("a restored position keeps the stop the journal knows, without one it gets one") {
  auto kept = kept_position("100", "100", false);
  auto resting = protective_stop_of(stop_client_id("tn5-0", 3), "2", "96", "95.52");

  auto t = protected_tracker();
  t.restore({kept}, {resting}, t0);
  CHECK(take(t).orders.empty()); // no second stop
  CHECK(has_event(t.output(), "protective stop tn5-0-s3 of tn5-0 rests again at 96"));
  t.on_tick(price_tick(95.9, t0 + 1s), t0 + 1s); // its cancel comes first, as for any stop
  CHECK(take(t).cancels == std::vector<std::string>{"tn5-0-s3"});
  t.on_fill(sell("tn5-0-s3", "2", "95.9"), t0 + 2s);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits[0].reason == order_reason::protective);

  auto bare = protected_tracker();
  bare.restore({kept}, {}, t0);
  auto s = take(bare);
  REQUIRE(s.orders.size() == 1);
  CHECK(s.orders[0].client_id == "tn5-0-s1");
  CHECK(s.orders[0].quantity == dec("2"));
}

TEST_CASE("a stop the broker fitted to the lot step closes the position when it fills; the "
          "rest is dust") {
  // A base-asset fee left 0.99999 BTC; the exchange's stop sells 0.9999.
  // Before, the position stayed open with 0.00009 no order could sell.
  auto t = protected_tracker();
  t.set_lot_rules({lot_of("0.0001")}, t0);
  t.on_fill(buy("d1-0", "1", "100", "0.00001", "BTC"), t0);
  auto placed = take(t).orders;
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].quantity == dec("0.9999")); // what the step lets it sell
  t.on_order_update(update("d1-0-s1", order_state::open), t0);
  t.on_fill(sell("d1-0-s1", "0.9999", "95.9"), t0 + 1min);
  CHECK(t.output().exits.empty());
  t.on_order_update(update("d1-0-s1", order_state::filled, "0.9999"), t0 + 1min);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits[0].reason == order_reason::protective);
  CHECK(t.output().exits[0].quantity == dec("0.9999"));
  CHECK(t.positions().empty());
  CHECK(has_event(t.output(), "the 0.00009 left is below the lot step"));
}

TEST_CASE("after a restart a stop fitted to the lot step still covers the position") {
  // The journal keeps the stop as the broker placed it, 1.9999 of 2.00004:
  // before, the restored tracker took it for a stop of the wrong size and
  // canceled it at once, before the broker had even looked it up.
  auto kept = kept_position("100", "100", false);
  kept.quantity = dec("2.00004");
  auto resting = protective_stop_of(stop_client_id("tn5-0", 3), "2", "96", "95.52");
  auto t = protected_tracker();
  t.restore({kept}, {resting}, t0);
  t.on_time(t0);
  // The lot rules arrive after the restore (risk loads them over REST).
  t.set_lot_rules({lot_of("0.0001")}, t0);
  auto s = take(t);
  CHECK(s.orders.empty());
  CHECK(s.cancels.empty());
  t.on_fill(sell("tn5-0-s3", "2", "96"), t0 + 1s);
  t.on_order_update(update("tn5-0-s3", order_state::filled, "2"), t0 + 1s);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits[0].reason == order_reason::protective);
  CHECK(t.positions().empty());

  // A stop for less than the step allows is replaced once the rule says so.
  auto short_stop = protective_stop_of(stop_client_id("tn5-0", 3), "1.9998", "96", "95.52");
  auto u = protected_tracker();
  u.restore({kept}, {short_stop}, t0);
  u.on_time(t0);
  CHECK(take(u).cancels.empty()); // the step is not known yet
  u.set_lot_rules({lot_of("0.0001")}, t0);
  CHECK(take(u).cancels == std::vector<std::string>{"tn5-0-s3"});
}

TEST_CASE("after a restart a stop fitted to a lot step of 0.25 still covers the position") {
  // A step that is no power of ten (BQX-like): 1.29 held, the broker placed
  // 1.25. Guessing the step from the placed quantity's trailing zeros took
  // 0.01 and replaced the stop with one the exchange cuts to 1.25 again.
  auto kept = kept_position("100", "100", false);
  kept.quantity = dec("1.29");
  auto resting = protective_stop_of(stop_client_id("tn5-0", 2), "1.25", "96", "95.52");
  auto t = protected_tracker();
  t.restore({kept}, {resting}, t0);
  auto rule = lot_of("0.25");
  rule.min_qty = dec("0");
  t.set_lot_rules({rule}, t0);
  t.on_time(t0);
  auto s = take(t);
  CHECK(s.cancels.empty());
  CHECK(s.orders.empty());
  t.on_fill(sell("tn5-0-s2", "1.25", "96"), t0 + 1s);
  t.on_order_update(update("tn5-0-s2", order_state::filled, "1.25"), t0 + 1s);
  REQUIRE(t.output().exits.size() == 1);
  CHECK(t.output().exits[0].reason == order_reason::protective);
  CHECK(t.positions().empty());
  CHECK(has_event(t.output(), "the 0.04 left is below the lot step"));
}

TEST_CASE("stop client ids are deterministic, distinct from exits and fit 36 characters") {
  CHECK(stop_client_id("d1-0", 2) == "d1-0-s2");
  CHECK(stop_revision_of("d1-0", "d1-0-s2") == 2u);
  CHECK_FALSE(stop_revision_of("d1-0", "d1-0-x2"));
  CHECK_FALSE(exit_attempt_of("d1-0", "d1-0-s2"));
  std::string long_id(34, 'a');
  auto id = stop_client_id(long_id, 12);
  CHECK(id.size() <= 36);
  CHECK(id.rfind("s12-", 0) == 0);
  CHECK(stop_revision_of(long_id, id) == 12u);
}

TEST_CASE("execution settings are validated") {
  execution_config cfg;
  CHECK(cfg.validate().empty());
  CHECK(cfg.protective_stop == protective_stop_mode::node); // the default
  cfg.stop_limit_offset = dec("1");
  CHECK(cfg.validate() == "execution.stop_limit_offset: must lie in [0, 1)");
  tracker_config tc;
  tc.execution.stop_min_step = dec("-0.1");
  CHECK(tc.validate() == "execution.stop_min_step: must lie in [0, 1)");
}

} // namespace tn::test
