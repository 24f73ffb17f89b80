// The position tracker with execution.protective_stop: exchange and the
// real paper broker on the test scheduler: the stop the tracker rests at the
// paper exchange sells the position when the price falls through it, and
// that sale is the position's one exit, whether the tracker saw the price
// too (its own exit then waits for the stop's cancel and is superseded) or
// not (the node is not watching).

#include "test/unit/caf_fixture.hpp"
#include "test/unit/decision_actors/fakes.hpp"
#include "test/unit/market_actors/recording_sink.hpp"
#include "tracker_test_util.hpp"

#include "actors/broker/paper_broker_actor.hpp"
#include "actors/tracker/position_tracker_actor.hpp"

namespace tn::test {

namespace {

position_exit_sink_actor::behavior_type recording_exits(position_exit_sink_actor::pointer,
                                                        std::shared_ptr<std::vector<position_exit>> out) {
  return {[out](const position_exit& x) { out->push_back(x); }};
}

struct paper_fixture : caf_fixture {
  std::shared_ptr<journal_fake> journal = std::make_shared<journal_fake>();
  std::shared_ptr<std::vector<position_exit>> exits
    = std::make_shared<std::vector<position_exit>>();
  received_events events = std::make_shared<std::vector<event>>();
  broker_actor broker;
  position_tracker_actor tracker;

  /// Spawns both; start() introduces them once the journal holds what a
  /// restart should find.
  paper_fixture() {
    paper_config paper;
    paper.starting_balances = {{"USDT", dec("10000")}};
    paper.slippage = dec("0.001");
    broker = spawn_paper_broker(sys, paper);
    tracker_config cfg;
    cfg.execution.protective_stop = protective_stop_mode::exchange;
    tracker = spawn_position_tracker(sys, cfg, safety_thresholds{});
  }

  void start() {
    auto journal_hdl = sys.spawn(fake_journal, journal);
    auto log = sys.spawn(record_events, events);
    for (auto& [name, hdl] : std::vector<std::pair<std::string, caf::strong_actor_ptr>>{
           {"journal", ptr(journal_hdl)}, {"event_log", ptr(log)}}) {
      self->send(broker, atom::announce_v, name, hdl);
      self->send(tracker, atom::announce_v, name, hdl);
    }
    self->send(broker, atom::announce_v, std::string{"position_tracker"}, ptr(tracker));
    self->send(tracker, atom::announce_v, std::string{"broker"}, ptr(broker));
    self->send(tracker, atom::announce_v, std::string{"risk"},
               ptr(sys.spawn(recording_exits, exits)));
    sched.run();
  }

  ~paper_fixture() {
    self->send_exit(broker, caf::exit_reason::user_shutdown);
    self->send_exit(tracker, caf::exit_reason::user_shutdown);
    sched.run();
  }

  void price(double px, timestamp ts, bool tracker_sees_it = true) {
    tick_batch b;
    b.ticks.push_back(price_tick(px, ts));
    self->send(broker, b);
    if (tracker_sees_it)
      self->send(tracker, b);
    sched.run();
  }

  /// Buys 1 BTC at market as d1-0: it fills at the next price, 100.1.
  void buy_one() {
    price(100, t0);
    order_request entry;
    entry.client_id = "d1-0";
    entry.decision_id = 1;
    entry.symbol = "BTCUSDT";
    entry.type = order_type::market;
    entry.quantity = dec("1");
    entry.ts = t0;
    self->send(broker, atom::order_v, entry);
    sched.run();
    price(100, t0 + 1s);
  }

  account_state account() {
    return ask<account_state>(broker, atom::balance_v);
  }
};

} // namespace

TEST_CASE_METHOD(paper_fixture,
                 "the price falling through the resting stop gives one exit, reason protective") {
  auto tracker_watches = GENERATE(true, false);
  start();
  buy_one();
  auto open = account().open_orders;
  REQUIRE(open.size() == 1); // the stop rests at the paper exchange
  CHECK(open[0].client_id == "d1-0-s1");
  REQUIRE(ask<std::vector<position>>(tracker, atom::positions_v).size() == 1);
  // Stop 100.1 - 4 % = 96.096, limit 0.5 % below it: 95.61552.
  price(96.2, t0 + 2s, tracker_watches);
  CHECK(exits->empty());
  price(96.0, t0 + 3s, tracker_watches);
  REQUIRE(exits->size() == 1);
  auto& x = exits->front();
  CHECK(x.position_id == "d1-0");
  CHECK(x.reason == order_reason::protective);
  CHECK(x.exit_price == dec("95.904")); // 96 - 0.1 % slippage, within the limit
  CHECK(x.quantity == dec("1"));
  CHECK(ask<std::vector<position>>(tracker, atom::positions_v).empty());
  auto after = account();
  CHECK(after.open_orders.empty());
  for (auto& b : after.balances)
    CHECK(b.asset == "USDT"); // the BTC was sold once, nothing is left or short
  auto st = ask<status_report>(tracker, atom::status_v);
  CHECK(st.counters.at("closed") == 1);
  CHECK(st.counters.at("exits_sent") == 0); // the node never sold
  CHECK(st.counters.at("superseded") == (tracker_watches ? 1u : 0u));
  if (tracker_watches)
    CHECK(
      has_event(*events, "superseded: stop_loss of BTCUSDT: d1-0 closed by protective first"));
  // Later prices and triggers change nothing.
  price(90, t0 + 40s);
  self->send(tracker, atom::exit_v, exit_of_kind(order_reason::model_sell, 2));
  sched.run();
  CHECK(exits->size() == 1);
  CHECK(account().open_orders.empty());
}

TEST_CASE_METHOD(paper_fixture, "a node-side exit cancels the stop first, then sells alone") {
  start();
  buy_one();
  REQUIRE(account().open_orders.size() == 1);
  // A model SELL: on spot the stop locks the BTC, so a sale sent before
  // its cancel would be refused.
  self->send(tracker, atom::exit_v, exit_of_kind(order_reason::model_sell, 2));
  sched.run();
  CHECK(account().open_orders.size() == 1); // the market SELL waits for the next price
  CHECK(account().open_orders[0].client_id == "d1-0-x1");
  price(101, t0 + 2s);
  REQUIRE(exits->size() == 1);
  CHECK(exits->front().reason == order_reason::model_sell);
  CHECK(account().open_orders.empty());
  CHECK_FALSE(has_event(*events, "insufficient balance"));
}

TEST_CASE_METHOD(paper_fixture,
                 "after a restart the journaled stop rests again, no second one, and still sells") {
  journaled_order resting{protective_stop_of("tn5-0-s2", "2", "96", "95.52"), {}};
  resting.last.client_id = "tn5-0-s2";
  resting.last.state = order_state::open;
  journal->kept.positions = {kept_position("100", "100", false)};
  journal->kept.open_orders = {resting};
  journal->kept.balances = {{"USDT", dec("9900"), decimal{}}, {"BTC", decimal{}, dec("2")}};
  start();
  price(99, t0); // the node was down until now
  auto open = account().open_orders;
  REQUIRE(open.size() == 1);
  CHECK(open[0].client_id == "tn5-0-s2");
  CHECK(ask<status_report>(tracker, atom::status_v).counters.at("stops_placed") == 0);
  price(95.9, t0 + 1s, false);
  REQUIRE(exits->size() == 1);
  CHECK(exits->front().position_id == "tn5-0");
  CHECK(exits->front().quantity == dec("2"));
  CHECK(exits->front().reason == order_reason::protective);
  CHECK(account().open_orders.empty());
}

} // namespace tn::test
