// The risk actor on the test scheduler, with fakes of its peers.

#include "actors/risk/risk_actor.hpp"
#include "test/unit/caf_fixture.hpp"
#include "test/unit/decision_actors/fakes.hpp"
#include "test/unit/market_actors/recording_sink.hpp"
#include "test/unit/risk/order_fakes.hpp"
#include "test/unit/risk/risk_test_util.hpp"

#include <algorithm>

namespace tn {
using namespace test;
using namespace std::chrono_literals;

namespace {

struct risk_fixture : caf_fixture {
  std::shared_ptr<broker_fake> broker = std::make_shared<broker_fake>();
  std::shared_ptr<tracker_fake> tracker = std::make_shared<tracker_fake>();
  std::shared_ptr<journal_fake> journal = std::make_shared<journal_fake>();
  received_events events = std::make_shared<std::vector<event>>();
  timestamp t0 = day_one() + 1h;
  risk_actor aut;

  explicit risk_fixture(risk_config cfg = {}) {
    broker->account = account("10000");
    risk_setup setup;
    setup.cfg = cfg;
    setup.filters = test_filters();
    aut = spawn_risk(sys, std::move(setup));
    store_fake store;
    store.last_price = 50000;
    announce("broker", sys.spawn(fake_broker, broker));
    announce("position_tracker", sys.spawn(fake_tracker, tracker));
    announce("journal", sys.spawn(fake_journal, journal));
    announce("market_store", sys.spawn(fake_store, store));
    announce("event_log", sys.spawn(record_events, events));
    sched.run();
  }

  ~risk_fixture() {
    caf::anon_send_exit(aut, caf::exit_reason::user_shutdown);
  }

  template <class Handle>
  void announce(const std::string& name, const Handle& hdl) {
    self->send(aut, atom::announce_v, name, ptr(hdl));
  }

  void execute(uint64_t id, const std::string& symbol, trade_action action, double pct) {
    auto d = one(symbol, action, pct);
    d.ts = t0;
    self->send(aut, atom::execute_v, id, d);
    sched.run();
  }

  bool saw(const std::string& text) const {
    return std::any_of(events->begin(), events->end(),
                       [&](const event& e) { return e.text.find(text) != std::string::npos; });
  }
};

} // namespace

TEST_CASE_METHOD(risk_fixture, "a BUY becomes a limited order at the broker and a verdict event") {
  execute(7, "BTCUSDT", trade_action::buy, 0.2);
  REQUIRE(broker->orders.size() == 1);
  CHECK(broker->orders[0].client_id == "tn5eed0001-7-0");
  CHECK(broker->orders[0].quantity == dec("0.04"));
  CHECK(broker->orders[0].ts == t0);
  CHECK(tracker->exits.empty());
  CHECK(saw("decision 7 BTCUSDT BUY 20.0%: accepted: BUY 0.04 BTC (2000.00 USDT)"));
}

TEST_CASE_METHOD(risk_fixture, "a HOLD is journaled as a verdict without an event line") {
  execute(6, "BTCUSDT", trade_action::hold, 0);
  REQUIRE(journal->verdicts.size() == 1);
  CHECK(journal->verdicts[0].outcome == risk_outcome::nothing_to_do);
  CHECK(journal->verdicts[0].reason == "HOLD leaves BTCUSDT as it is");
  CHECK_FALSE(saw("decision 6"));
  CHECK(broker->orders.empty());
  CHECK(tracker->exits.empty());
}

TEST_CASE_METHOD(risk_fixture, "a SELL goes to the tracker as an exit") {
  tracker->positions = {holding("BTCUSDT", "0.04", "50000")};
  execute(8, "BTCUSDT", trade_action::sell, 0);
  REQUIRE(tracker->exits.size() == 1);
  CHECK(tracker->exits[0].reason == order_reason::model_sell);
  CHECK(tracker->exits[0].decision_id == 8);
  CHECK(broker->orders.empty());
}

TEST_CASE_METHOD(risk_fixture, "a journal that cannot write refuses entries") {
  journal->unhealthy = "disk full";
  execute(9, "BTCUSDT", trade_action::buy, 0.2);
  CHECK(broker->orders.empty());
  CHECK(saw("rejected: no new entries while the journal cannot write (disk full)"));
}

TEST_CASE_METHOD(risk_fixture, "decisions run one at a time: a repeated BUY counts the first order") {
  auto d = one("BTCUSDT", trade_action::buy, 0.2);
  d.ts = t0;
  self->send(aut, atom::execute_v, uint64_t{1}, d);
  self->send(aut, atom::execute_v, uint64_t{2}, d);
  sched.run();
  CHECK(broker->orders.size() == 1);
  CHECK(saw("decision 2 BTCUSDT BUY 20.0%: nothing_to_do"));
}

TEST_CASE_METHOD(risk_fixture, "a fill re-checks the daily loss: the kill switch flattens, "
                               "refuses entries, and the console resets it") {
  self->send(aut, atom::time_v, t0);
  sched.run();
  CHECK(broker->balance_requests == 1); // the day's starting equity
  tracker->positions = {holding("BTCUSDT", "0.02", "52000"), holding("ETHUSDT", "1", "2100")};
  broker->account = account("9400");
  fill f;
  f.client_id = "x";
  self->send(aut, f);
  sched.run();
  REQUIRE(tracker->exits.size() == 2);
  CHECK(tracker->exits[0].reason == order_reason::kill_switch);
  CHECK(saw("kill switch: daily loss 600.00 USDT"));
  tracker->positions.clear();
  execute(3, "BTCUSDT", trade_action::buy, 0.2);
  CHECK(broker->orders.empty());
  CHECK(saw("decision 3 BTCUSDT BUY 20.0%: rejected: kill switch: daily loss"));
  CHECK(ask<bool>(aut, atom::reset_v));
  CHECK_FALSE(ask<bool>(aut, atom::reset_v));
  execute(4, "BTCUSDT", trade_action::buy, 0.2);
  CHECK(broker->orders.size() == 1);
}

TEST_CASE_METHOD(risk_fixture, "the clock's next UTC day releases the kill switch") {
  self->send(aut, atom::time_v, t0);
  sched.run();
  broker->account = account("9000");
  self->send(aut, atom::time_v, t0 + 1min);
  sched.run();
  CHECK(saw("kill switch: daily loss 1000.00 USDT"));
  self->send(aut, atom::time_v, day_one() + 24h);
  sched.run();
  CHECK(saw("kill switch released: a new UTC day began"));
  execute(5, "BTCUSDT", trade_action::buy, 0.1);
  CHECK(broker->orders.size() == 1);
}

TEST_CASE_METHOD(risk_fixture, "the console pauses, resumes and flattens") {
  CHECK(ask<bool>(aut, atom::pause_v));
  CHECK_FALSE(ask<bool>(aut, atom::pause_v));
  execute(6, "BTCUSDT", trade_action::buy, 0.1);
  CHECK(broker->orders.empty());
  CHECK(saw("entries paused by the operator"));
  CHECK(ask<bool>(aut, atom::resume_v));
  tracker->positions = {holding("BTCUSDT", "0.02", "52000"), holding("ETHUSDT", "1", "2100")};
  CHECK(ask<uint32_t>(aut, atom::flatten_v) == 2);
  REQUIRE(tracker->exits.size() == 2);
  CHECK(tracker->exits[1].reason == order_reason::flatten);
  auto st = ask<status_report>(aut, atom::status_v);
  CHECK(st.counters.at("exits") == 2);
  CHECK(st.counters.at("verdicts.rejected") == 1);
  CHECK(st.facts.at("paused") == "no");
  CHECK(st.facts.at("kill_switch") == "off");
}

TEST_CASE_METHOD(risk_fixture, "the loaded trading rules reach the tracker as lot rules, again "
                               "when it restarts") {
  CHECK(tracker->lots.empty()); // none loaded yet
  std::string body = R"({"symbols":[{"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC",)"
                     R"("quoteAsset":"USDT","filters":[)"
                     R"({"filterType":"LOT_SIZE","minQty":"0.00001","maxQty":"9000",)"
                     R"("stepSize":"0.00001"},)"
                     R"({"filterType":"MARKET_LOT_SIZE","minQty":"0.001","maxQty":"100",)"
                     R"("stepSize":"0.001"}]}]})";
  self->send(aut, atom::rules_v, body, std::string{});
  sched.run();
  REQUIRE(tracker->lots.size() == 1);
  REQUIRE(tracker->lots[0].size() == 1);
  auto& rule = tracker->lots[0][0];
  CHECK(rule.symbol == "BTCUSDT");
  CHECK(rule.min_qty == dec("0.00001"));
  CHECK(rule.step == dec("0.00001"));
  CHECK(rule.market_min_qty == dec("0.001"));
  CHECK(rule.market_step == dec("0.001"));
  auto restarted = std::make_shared<tracker_fake>();
  announce("position_tracker", sys.spawn(fake_tracker, restarted));
  sched.run();
  REQUIRE(restarted->lots.size() == 1);
  CHECK(restarted->lots[0][0].market_step == dec("0.001"));
}

} // namespace tn
