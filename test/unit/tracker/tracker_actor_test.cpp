// The position tracker's actor on the test scheduler: exit orders reach the
// broker, closed positions reach risk, re-evaluations reach the trader, and
// two exit triggers delivered in the same step give one order and one
// position_exit.

#include "test/unit/caf_fixture.hpp"
#include "test/unit/decision_actors/fakes.hpp"
#include "test/unit/market_actors/recording_sink.hpp"
#include "tracker_test_util.hpp"

#include "actors/tracker/position_tracker_actor.hpp"

namespace tn::test {

namespace {

using recorded_orders = std::shared_ptr<std::vector<order_request>>;
using recorded_exits = std::shared_ptr<std::vector<position_exit>>;

broker_actor::behavior_type recording_broker(broker_actor::pointer, recorded_orders out) {
  return {
    [out](atom::order, order_request& o) { out->push_back(std::move(o)); },
    [](atom::cancel, const std::string&) {},
    [](atom::balance) { return account_state{}; },
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

position_exit_sink_actor::behavior_type recording_exits(position_exit_sink_actor::pointer,
                                                        recorded_exits out) {
  return {[out](const position_exit& x) { out->push_back(x); }};
}

struct tracker_fixture : caf_fixture {
  recorded_orders orders = std::make_shared<std::vector<order_request>>();
  recorded_exits exits = std::make_shared<std::vector<position_exit>>();
  std::shared_ptr<std::vector<gate_pass>> passes = std::make_shared<std::vector<gate_pass>>();
  received_events events = std::make_shared<std::vector<event>>();
  position_tracker_actor tracker;

  tracker_fixture() {
    tracker = spawn_position_tracker(sys, tracker_config{}, safety_thresholds{});
    announce("broker", sys.spawn(recording_broker, orders));
    announce("risk", sys.spawn(recording_exits, exits));
    announce("trader", sys.spawn(recording_trader, passes));
    announce("event_log", sys.spawn(record_events, events));
    sched.run();
  }

  template <class Handle>
  void announce(const char* name, const Handle& hdl) {
    self->send(tracker, atom::announce_v, std::string{name}, ptr(hdl));
  }

  void send_tick(double price, timestamp ts) {
    tick_batch b;
    b.ticks.push_back(price_tick(price, ts));
    self->send(tracker, b);
  }

  /// A BUY of one BTC at 100, filled at t0.
  void open_position() {
    send_tick(100, t0);
    self->send(tracker, buy("d1-0", "1", "100", "0.1"));
    sched.run();
    REQUIRE(ask<std::vector<position>>(tracker, atom::positions_v).size() == 1);
  }

  /// The broker fills exit order `client_id` at 95 and says it is done.
  void fill_exit(const std::string& client_id) {
    self->send(tracker, sell(client_id, "1", "95", "0.095"));
    self->send(tracker, update(client_id, order_state::filled, "1"));
    sched.run();
  }
};

} // namespace

TEST_CASE_METHOD(tracker_fixture,
                 "two exit triggers in the same step give one order and one position_exit") {
  open_position();
  auto stop_first = GENERATE(true, false);
  // Both are in the tracker's mailbox before it runs.
  if (stop_first)
    send_tick(95, t0 + 1min);
  self->send(tracker, atom::exit_v, exit_of_kind(order_reason::kill_switch));
  if (!stop_first)
    send_tick(95, t0 + 1min);
  sched.run();
  REQUIRE(orders->size() == 1);
  auto& o = orders->front();
  CHECK(o.client_id == "d1-0-x1");
  CHECK(o.reason == (stop_first ? order_reason::stop_loss : order_reason::kill_switch));
  fill_exit(o.client_id);
  CHECK(orders->size() == 1);
  REQUIRE(exits->size() == 1);
  CHECK(exits->front().reason == o.reason);
  CHECK(exits->front().pnl == dec("-5.195"));
  CHECK(has_event(*events, stop_first ? "superseded: kill_switch of BTCUSDT"
                                      : "superseded: stop_loss of BTCUSDT"));
  CHECK(ask<std::vector<position>>(tracker, atom::positions_v).empty());
  auto st = ask<status_report>(tracker, atom::status_v);
  CHECK(st.counters.at("superseded") == 1);
  CHECK(st.counters.at("closed") == 1);
}

TEST_CASE_METHOD(tracker_fixture, "a tick through the stop sends a market SELL to the broker") {
  open_position();
  send_tick(96.00000001, t0 + 1s);
  sched.run();
  CHECK(orders->empty());
  send_tick(96, t0 + 2s);
  sched.run();
  REQUIRE(orders->size() == 1);
  auto& o = orders->front();
  CHECK(o.symbol == "BTCUSDT");
  CHECK(o.side == order_side::sell);
  CHECK(o.type == order_type::market);
  CHECK(o.quantity == dec("1"));
  CHECK(o.reduce_only);
  CHECK(o.reason == order_reason::stop_loss);
  CHECK(o.ts == t0 + 2s);
  CHECK(has_event(*events, "stop_loss of BTCUSDT: closing d1-0, sell 1 of 1 (order d1-0-x1): "
                           "last 96 at or below 96"));
}

TEST_CASE_METHOD(tracker_fixture, "a rejected exit reopens the position and the stop fires again") {
  open_position();
  send_tick(95, t0 + 1s);
  sched.run();
  REQUIRE(orders->size() == 1);
  self->send(tracker, update("d1-0-x1", order_state::rejected, "0", "MIN_NOTIONAL"));
  sched.run();
  CHECK(ask<std::vector<position>>(tracker, atom::positions_v).size() == 1);
  // The clock's beats carry market time on: the cadence retries on the
  // last price with the next client id.
  self->send(tracker, atom::time_v, t0);
  self->send(tracker, atom::time_v, t0 + 40s);
  sched.run();
  REQUIRE(orders->size() == 2);
  CHECK(orders->back().client_id == "d1-0-x2");
  fill_exit("d1-0-x2");
  CHECK(exits->size() == 1);
}

TEST_CASE_METHOD(tracker_fixture,
                 "an open position goes to the trader at the first cadence after 180 s") {
  open_position();
  self->send(tracker, atom::time_v, t0 + 1h); // the beats' own time does not matter
  self->send(tracker, atom::time_v, t0 + 1h + 179s); // a cadence: not due yet
  self->send(tracker, atom::time_v, t0 + 1h + 208s);
  sched.run();
  CHECK(passes->empty());
  self->send(tracker, atom::time_v, t0 + 1h + 209s); // the next cadence
  sched.run();
  REQUIRE(passes->size() == 1);
  CHECK(passes->front().reason == pass_reason::reevaluation);
  CHECK(passes->front().symbol == "BTCUSDT");
  CHECK(passes->front().ts == t0 + 209s);
}

TEST_CASE_METHOD(caf_fixture, "without a broker an exit is dropped and the position stays open") {
  auto events = std::make_shared<std::vector<event>>();
  auto tracker = spawn_position_tracker(sys, tracker_config{}, safety_thresholds{});
  self->send(tracker, atom::announce_v, std::string{"event_log"},
             ptr(sys.spawn(record_events, events)));
  self->send(tracker, buy("d1-0", "1", "100"));
  self->send(tracker, atom::exit_v, exit_of_kind(order_reason::model_sell));
  sched.run();
  CHECK(ask<std::vector<position>>(tracker, atom::positions_v).size() == 1);
  CHECK(warnings(*events)
        == std::vector<std::string>{"exit d1-0-x1 (model_sell) dropped: no broker is running; "
                                    "d1-0 is open again with 1 BTCUSDT"});
  CHECK(ask<status_report>(tracker, atom::status_v).counters.at("dropped_orders") == 1);
}


TEST_CASE_METHOD(tracker_fixture, "positions and exits reach the journal") {
  auto j = std::make_shared<journal_fake>();
  announce("journal", sys.spawn(fake_journal, j));
  open_position();
  REQUIRE(j->positions.size() == 1);
  CHECK(j->positions.front().position_id == "d1-0");
  send_tick(95, t0 + 1s);
  sched.run();
  fill_exit("d1-0-x1");
  REQUIRE(j->exits.size() == 1);
  CHECK(j->exits.front().position_id == "d1-0");
  CHECK(j->exits.front().reason == order_reason::stop_loss);
  CHECK(ask<status_report>(tracker, atom::status_v).counters.at("unjournaled") == 0);
}

TEST_CASE_METHOD(caf_fixture, "a restarted tracker restores the journal's positions and stops") {
  auto j = std::make_shared<journal_fake>();
  position kept;
  kept.position_id = "tn5-0";
  kept.symbol = "BTCUSDT";
  kept.quantity = dec("2");
  kept.entry_price = dec("100");
  kept.best_price = dec("100");
  kept.opened = t0;
  j->kept.positions.push_back(kept);
  auto orders = std::make_shared<std::vector<order_request>>();
  auto tracker = spawn_position_tracker(sys, tracker_config{}, safety_thresholds{});
  self->send(tracker, atom::announce_v, std::string{"broker"},
             ptr(sys.spawn(recording_broker, orders)));
  self->send(tracker, atom::announce_v, std::string{"journal"},
             ptr(sys.spawn(fake_journal, j)));
  sched.run();
  auto ps = ask<std::vector<position>>(tracker, atom::positions_v);
  REQUIRE(ps.size() == 1);
  CHECK(ps.front().position_id == "tn5-0");
  tick_batch b;
  b.ticks.push_back(price_tick(96, t0 + 1min));
  self->send(tracker, b);
  sched.run();
  REQUIRE(orders->size() == 1);
  CHECK(orders->front().client_id == "tn5-0-x1");
  CHECK(orders->front().quantity == dec("2"));
}

} // namespace tn::test
