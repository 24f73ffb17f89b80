// The paper broker on the test scheduler: write-ahead orders (nothing is
// placed before the journal committed the intent, nothing at all when it
// could not), and a restart from the journal alone.

#include "test/unit/caf_fixture.hpp"
#include "test/unit/broker/paper_orders.hpp"
#include "test/unit/journal_fake.hpp"

#include "actors/broker/paper_broker_actor.hpp"
#include "messages/actors.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/learner.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace tn;
using tn::test::dec;
using tn::test::market_buy;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = timestamp{} + 1000h;

/// What a sink received, in order: "open b1", "fill b1", ...
using sink_log = std::vector<std::string>;

execution_sink_actor::behavior_type recording_sink(execution_sink_actor::pointer,
                                                   std::shared_ptr<sink_log> log) {
  return {
    [log](const order_update& x) {
      log->push_back(std::string{to_string(x.state)} + " " + x.client_id);
    },
    [log](const fill& x) { log->push_back("fill " + x.client_id); },
  };
}

event_log_actor::behavior_type recording_log(event_log_actor::pointer,
                                             std::shared_ptr<std::vector<event>> events) {
  return {
    [events](atom::publish, const event& e) { events->push_back(e); },
    [events](atom::events, const std::string&) { return *events; },
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

tick_batch tick_at(const char* price, timestamp ts) {
  tick_batch b;
  b.ticks.push_back({"BTCUSDT", ts, ts, std::stod(price), 1});
  return b;
}

struct broker_fixture : test::caf_fixture {
  std::shared_ptr<test::journal_fake> script = std::make_shared<test::journal_fake>();
  std::shared_ptr<sink_log> tracker_log = std::make_shared<sink_log>();
  std::shared_ptr<std::vector<event>> events = std::make_shared<std::vector<event>>();
  broker_actor broker;
  test::journal_fake_actor journal;

  /// A broker whose peers are announced: the journal, the event log and
  /// the tracker; its restore has run.
  void start(paper_config cfg = {}, std::vector<funding_due> funding = {}) {
    cfg.slippage = dec("0.001");
    broker = spawn_paper_broker(sys, cfg, std::move(funding));
    journal = sys.spawn(test::fake_journal, script);
    announce("journal", journal);
    announce("event_log", sys.spawn(recording_log, events));
    announce("position_tracker", sys.spawn(recording_sink, tracker_log));
    sched.run();
  }

  template <class Handle>
  void announce(const char* name, const Handle& hdl) {
    self->send(broker, atom::announce_v, std::string{name},
               caf::actor_cast<caf::strong_actor_ptr>(hdl));
  }

  ~broker_fixture() {
    self->send_exit(broker, caf::exit_reason::user_shutdown);
    sched.run();
  }
};

} // namespace

TEST_CASE_METHOD(broker_fixture, "an order is placed only after the journal committed its intent") {
  script->hold_intents = true;
  start();
  self->send(broker, tick_at("50000", t0));
  self->send(broker, atom::order_v, market_buy("b1", "0.1", t0));
  sched.run();
  REQUIRE(script->intents.size() == 1);
  CHECK(script->intents[0].client_id == "b1");
  // Not committed yet: not sent, so the next price fills nothing.
  self->send(broker, tick_at("50100", t0 + 1s));
  sched.run();
  CHECK(tracker_log->empty());
  CHECK(script->updates.empty());
  CHECK(script->fills.empty());
  REQUIRE(script->parked.size() == 1);
  self->send(journal, caf::ok_atom_v);
  sched.run();
  CHECK(*tracker_log == sink_log{"open b1"});
  self->send(broker, tick_at("50200", t0 + 2s));
  sched.run();
  CHECK(*tracker_log == sink_log{"open b1", "fill b1", "filled b1"});
  REQUIRE(script->fills.size() == 1);
  CHECK(script->fills[0].price == dec("50250.2")); // the price after the commit, plus 0.1 %
  REQUIRE(script->updates.size() == 2);
  CHECK(script->updates[1].state == order_state::filled);
  auto account = ask<account_state>(broker, atom::balance_v);
  CHECK(account.ts == t0 + 2s);
  CHECK(account.fees_today == dec("5.02502")); // 5025.02 * 0.1 %
  // The fill, its order's state and the balances it changed go to the
  // journal in one step (one transaction): the open order's, then the fill's.
  REQUIRE(script->step_fills == std::vector<size_t>{0, 1});
  REQUIRE(script->balances.size() == 2);
  auto& last = script->balances.back();
  auto btc = std::find_if(last.begin(), last.end(),
                          [](const asset_balance& b) { return b.asset == "BTC"; });
  REQUIRE(btc != last.end());
  CHECK(btc->free == dec("0.1"));
}

TEST_CASE_METHOD(broker_fixture,
                 "an order whose intent the journal cannot commit is rejected and never sent") {
  script->fail_intents = "journal x: writing the intent of order b1 failed: disk full";
  start();
  self->send(broker, tick_at("50000", t0));
  self->send(broker, atom::order_v, market_buy("b1", "0.1", t0));
  sched.run();
  self->send(broker, tick_at("50100", t0 + 1s));
  sched.run();
  CHECK(*tracker_log == sink_log{"rejected b1"});
  CHECK(script->updates.empty()); // nothing journaled beyond the failed intent
  CHECK(script->fills.empty());
  auto account = ask<account_state>(broker, atom::balance_v);
  CHECK(account.quote_balance == dec("10000"));
  CHECK(account.open_orders.empty());
  auto st = ask<status_report>(broker, atom::status_v);
  CHECK(st.counters.at("rejected") == 1);
  CHECK(st.counters.at("journal_errors") == 1);
  REQUIRE_FALSE(events->empty());
  CHECK_THAT(events->back().text, Catch::Contains("order b1 BTCUSDT rejected: the journal could"
                                                  " not record the order's intent")
                                    && Catch::Contains("disk full"));
}

TEST_CASE_METHOD(broker_fixture,
                 "a restarted broker restores its balances and drops the intent never placed") {
  script->kept.balances = {{"USDT", dec("2500.5"), decimal{}}, {"BTC", dec("0.25"), decimal{}}};
  journaled_order pending{market_buy("p1", "0.1", t0), {}};
  pending.last.client_id = "p1";
  pending.last.state = order_state::intent;
  pending.last.ts = t0;
  script->kept.open_orders = {pending};
  start();
  auto account = ask<account_state>(broker, atom::balance_v);
  CHECK(account.quote_balance == dec("2500.5")); // not the starting 10,000
  REQUIRE(account.balances.size() == 2);
  CHECK(account.balances[0].asset == "BTC");
  CHECK(account.balances[0].free == dec("0.25"));
  REQUIRE(script->updates.size() == 1);
  CHECK(script->updates[0].client_id == "p1");
  CHECK(script->updates[0].state == order_state::dropped);
  CHECK(*tracker_log == sink_log{"dropped p1"});
  auto dropped = std::find_if(events->begin(), events->end(), [](const event& e) {
    return e.text.find("order p1 BTCUSDT dropped") != std::string::npos;
  });
  CHECK(dropped != events->end());
  // A tick does not fill the dropped order.
  self->send(broker, tick_at("50000", t0 + 1s));
  sched.run();
  CHECK(script->fills.empty());
}

TEST_CASE_METHOD(broker_fixture,
                 "a maker entry that rested past paper.maker_fallback falls back to a journaled "
                 "market order") {
  start(); // maker_fallback: 30 s
  self->send(broker, tick_at("50000", t0));
  auto maker = market_buy("b1", "0.1", t0);
  maker.type = order_type::limit_maker;
  maker.price = dec("49990");
  self->send(broker, atom::order_v, maker);
  sched.run();
  CHECK(*tracker_log == sink_log{"open b1"});
  self->send(broker, tick_at("49995", t0 + 10s));
  self->send(broker, atom::time_v, t0 + 20s);
  sched.run();
  CHECK(*tracker_log == sink_log{"open b1"});
  // The clock reaches the fallback time: the maker order is canceled and
  // the market order is journaled (write-ahead) before it is placed.
  self->send(broker, atom::time_v, t0 + 30s);
  sched.run();
  CHECK(*tracker_log == sink_log{"open b1", "canceled b1", "open b1m"});
  REQUIRE(script->intents.size() == 2);
  CHECK(script->intents[1].client_id == "b1m");
  CHECK(script->intents[1].type == order_type::market);
  CHECK(script->intents[1].quantity == dec("0.1"));
  // The next price, through the old limit, fills the market order alone.
  self->send(broker, tick_at("49900", t0 + 31s));
  self->send(broker, tick_at("49800", t0 + 32s));
  sched.run();
  CHECK(*tracker_log
        == sink_log{"open b1", "canceled b1", "open b1m", "fill b1m", "filled b1m"});
  REQUIRE(script->fills.size() == 1);
  CHECK(script->fills[0].price == dec("49949.9")); // 49900 + 0.1 %
  CHECK_FALSE(script->fills[0].maker);
  CHECK(script->fills[0].fee == dec("4.99499")); // the taker fee, 0.1 %
  auto account = ask<account_state>(broker, atom::balance_v);
  CHECK(account.balances[0].asset == "BTC");
  CHECK(account.balances[0].free == dec("0.1"));
  auto fell = std::find_if(events->begin(), events->end(), [](const event& e) {
    return e.text == "maker order b1 falls back to market order b1m for 0.1 BTCUSDT";
  });
  CHECK(fell != events->end());
}

TEST_CASE_METHOD(broker_fixture, "a funding payment is journaled with the balances after it, once") {
  // No fee; the fixture's 0.1 % slippage: the buy costs 0.1 x 50050.
  paper_config cfg;
  cfg.taker_fee = decimal{};
  auto funding_time = t0 + 8h + 4ms;
  std::vector<funding_due> funding{{"BTCUSDT", funding_time, dec("0.0002")}};
  start(cfg, funding);
  self->send(broker, tick_at("50000", t0));
  self->send(broker, atom::order_v, market_buy("b1", "0.1", t0));
  sched.run();
  self->send(broker, tick_at("50000", t0 + 1min));
  sched.run();
  REQUIRE(script->fills.size() == 1);
  auto cost = mul(script->fills[0].quantity, script->fills[0].price);
  CHECK(cost == dec("5005"));
  CHECK(script->funding.empty());
  // The price after the funding time: it settles first, at the mark
  // before it (50000): 0.1 x 50000 x 0.0002 = 1 USDT paid.
  self->send(broker, tick_at("51000", funding_time + 1min));
  sched.run();
  REQUIRE(script->funding.size() == 1);
  CHECK(script->funding[0].ts == funding_time);
  CHECK(script->funding[0].position == dec("0.1"));
  CHECK(script->funding[0].mark_price == dec("50000"));
  auto paid = dec("1");
  CHECK(script->funding[0].amount == -paid);
  REQUIRE_FALSE(script->balances.empty());
  auto& after = script->balances.back();
  auto usdt = std::find_if(after.begin(), after.end(),
                           [](const asset_balance& b) { return b.asset == "USDT"; });
  REQUIRE(usdt != after.end());
  CHECK(usdt->free + usdt->locked == dec("10000") - cost - paid);
  auto account = ask<account_state>(broker, atom::balance_v);
  CHECK(account.quote_balance == dec("10000") - cost - paid);
  // Later prices settle nothing more.
  self->send(broker, tick_at("51000", funding_time + 2h));
  sched.run();
  CHECK(script->funding.size() == 1);
}
