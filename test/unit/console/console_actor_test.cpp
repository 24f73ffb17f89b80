// The console actor on the test scheduler, over mock peers.

#include "console_mocks.hpp"
#include "test/unit/caf_fixture.hpp"

#include "actors/learner/learner_actor.hpp"
#include "runtime/console/console_actor.hpp"

using namespace std::chrono_literals;
using namespace tn;
using tn::test::console_peers;

namespace {

const std::string token = "0123456789abcdef";

struct console_fixture : tn::test::caf_fixture {
  std::shared_ptr<console_peers> peers = std::make_shared<console_peers>();
  supervisor_actor sup;
  event_log_actor log;
  std::shared_ptr<tn::test::journal_fake> journal_state = tn::test::console_journal();
  journal_actor journal;
  position_tracker_actor tracker;
  broker_actor broker;
  risk_actor risk;
  console_actor console;

  /// A console over the mock supervisor and journal; `secret` is its token.
  void start(std::string secret = token, bool with_event_log = true) {
    sup = sys.spawn(tn::test::mock_supervisor, peers);
    if (with_event_log) {
      log = sys.spawn(tn::test::mock_event_log, peers);
      peers->event_log = caf::actor_cast<caf::strong_actor_ptr>(log);
    }
    journal = caf::actor_cast<journal_actor>(sys.spawn(tn::test::fake_journal, journal_state));
    peers->journal = caf::actor_cast<caf::strong_actor_ptr>(journal);
    tracker = sys.spawn(tn::test::mock_tracker);
    peers->tracker = caf::actor_cast<caf::strong_actor_ptr>(tracker);
    broker = sys.spawn(tn::test::mock_broker);
    peers->broker = caf::actor_cast<caf::strong_actor_ptr>(broker);
    risk = sys.spawn(tn::test::mock_risk, peers);
    peers->risk = caf::actor_cast<caf::strong_actor_ptr>(risk);
    console = spawn_console(sys, sup, "1.2.3", std::move(secret));
    sched.run();
  }

  /// The error a request fails with; fails the test if it succeeds.
  template <class T, class... Ts>
  caf::error refusal(Ts&&... xs) {
    auto rh = self->request(console, caf::infinite, std::forward<Ts>(xs)...);
    sched.run();
    caf::error result;
    rh.receive([](T) { FAIL("the request succeeded"); }, [&](caf::error& e) { result = e; });
    return result;
  }

  ~console_fixture() {
    for (auto hdl : {caf::actor_cast<caf::actor>(console), caf::actor_cast<caf::actor>(sup),
                     caf::actor_cast<caf::actor>(log), caf::actor_cast<caf::actor>(journal),
                     caf::actor_cast<caf::actor>(tracker), caf::actor_cast<caf::actor>(broker),
                     caf::actor_cast<caf::actor>(risk)})
      if (hdl)
        caf::anon_send_exit(hdl, caf::exit_reason::user_shutdown);
  }
};

std::string context_text(const caf::error& err) {
  REQUIRE(err.context().match_elements<std::string>());
  return err.context().get_as<std::string>(0);
}

} // namespace

TEST_CASE_METHOD(console_fixture, "console answers its version with the right token only") {
  start();
  CHECK(ask<std::string>(console, atom::version_v, token) == "1.2.3");
  auto err = refusal<std::string>(atom::version_v, std::string{"0123456789abcdeX"});
  CHECK(err == ec::access_denied);
  CHECK(refusal<std::string>(atom::version_v, std::string{}) == ec::access_denied);
}

TEST_CASE_METHOD(console_fixture, "console without a token accepts any token") {
  start("");
  CHECK(ask<std::string>(console, atom::version_v, std::string{}) == "1.2.3");
  CHECK(ask<std::string>(console, atom::version_v, std::string{"whatever"}) == "1.2.3");
}

TEST_CASE_METHOD(console_fixture, "console refuses every request with a wrong token") {
  start();
  const std::string wrong = "wrong";
  CHECK(refusal<std::vector<status_report>>(atom::status_v, wrong) == ec::access_denied);
  CHECK(refusal<std::vector<service_row>>(atom::actors_v, wrong) == ec::access_denied);
  CHECK(refusal<std::vector<event>>(atom::events_v, wrong, std::string{}, uint32_t{5})
        == ec::access_denied);
  CHECK(refusal<bool>(atom::restart_v, wrong, std::string{"clock"}) == ec::access_denied);
  CHECK(refusal<bool>(atom::stop_v, wrong) == ec::access_denied);
  CHECK(refusal<std::vector<decision_record>>(atom::decisions_v, wrong, uint32_t{5})
        == ec::access_denied);
  CHECK(refusal<breaker_status>(atom::breaker_v, wrong) == ec::access_denied);
  CHECK(peers->restarted.empty());
  CHECK(peers->stops == 0);
  CHECK(peers->topics.empty());
  CHECK(journal_state->decision_counts.empty());
  CHECK(peers->breaker_queries == 0);
}

TEST_CASE_METHOD(console_fixture, "console forwards status and actors from the supervisor") {
  start();
  auto reports = ask<std::vector<status_report>>(console, atom::status_v, token);
  REQUIRE(reports.size() == 2);
  CHECK(reports[0].service == "supervisor");
  CHECK(reports[0].facts.at("clock.state") == "up");
  CHECK(reports[1].counters.at("beats") == 7);
  auto rows = ask<std::vector<service_row>>(console, atom::actors_v, token);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].name == "clock");
  CHECK(rows[1].state == "restarting");
  CHECK(rows[1].restarts == 1);
  CHECK(rows[1].last_error == "boom");
}

TEST_CASE_METHOD(console_fixture, "console answers the last events of a topic from the event log") {
  start();
  auto xs = ask<std::vector<event>>(console, atom::events_v, token, std::string{"supervisor"},
                                    uint32_t{2});
  REQUIRE(xs.size() == 2);
  CHECK(xs[0].text == "3");
  CHECK(xs[1].text == "4");
  CHECK(peers->topics == std::vector<std::string>{"supervisor"});
}

TEST_CASE_METHOD(console_fixture, "console names the missing event log") {
  start(token, false);
  auto err = refusal<std::vector<event>>(atom::events_v, token, std::string{}, uint32_t{5});
  CHECK(err == ec::missing_service);
  CHECK(context_text(err) == "event_log");
}

TEST_CASE_METHOD(console_fixture, "console answers the last decisions from the journal") {
  start();
  auto xs = ask<std::vector<decision_record>>(console, atom::decisions_v, token, uint32_t{2});
  REQUIRE(xs.size() == 2);
  CHECK(xs[0].trigger.detail == "3");
  CHECK(xs[0].chosen.source == decision_source::evaluator);
  CHECK(xs[1].trigger.detail == "4");
  CHECK(xs[1].chosen.decisions.at(0).action == trade_action::buy);
  CHECK(ask<std::vector<decision_record>>(console, atom::decisions_v, token, uint32_t{50}).size()
        == 5);
  CHECK(journal_state->decision_counts == std::vector<uint32_t>{2, 50});
}

TEST_CASE_METHOD(console_fixture, "console names the missing journal") {
  start();
  peers->journal = nullptr; // restarting: the supervisor has no handle
  auto err = refusal<std::vector<decision_record>>(atom::decisions_v, token, uint32_t{5});
  CHECK(err == ec::missing_service);
  CHECK(context_text(err) == "journal");
}

TEST_CASE_METHOD(console_fixture, "console answers positions, orders and the account from their services") {
  start();
  auto xs = ask<std::vector<position>>(console, atom::positions_v, token);
  REQUIRE(xs.size() == 1);
  CHECK(xs[0].quantity == tn::test::fixed_position().quantity);
  CHECK(ask<account_state>(console, atom::balance_v, token).equity == decimal::from_int(10000));
  auto orders = ask<std::vector<journaled_order>>(console, atom::orders_v, token, uint32_t{7});
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].last.state == order_state::filled);
  CHECK(journal_state->order_counts == std::vector<uint32_t>{7});
  peers->broker = nullptr;
  auto err = refusal<account_state>(atom::balance_v, token);
  CHECK(err == ec::missing_service);
  CHECK(context_text(err) == "broker");
}

TEST_CASE_METHOD(console_fixture, "console answers the learner's report from the learner") {
  start();
  auto err = refusal<learner_report>(atom::learner_v, token);
  CHECK(err == ec::missing_service);
  CHECK(context_text(err) == "learner");
  learner_config cfg;
  cfg.min_trades = 4;
  auto learner = spawn_learner(sys, cfg, 5);
  peers->learner = caf::actor_cast<caf::strong_actor_ptr>(learner);
  auto r = ask<learner_report>(console, atom::learner_v, token);
  CHECK(r.regime == "unknown_unknown");
  CHECK(r.min_trades == 4);
  CHECK(r.trades == 0);
  REQUIRE(r.scopes.size() == 2);
  CHECK(r.scopes[0].scope == "global");
  CHECK(r.scopes[0].sampled.size() == 5);
  caf::anon_send_exit(learner, caf::exit_reason::user_shutdown);
  sched.run();
}

TEST_CASE_METHOD(console_fixture, "console passes pause, resume, flatten and reset to risk") {
  start();
  CHECK(ask<bool>(console, atom::pause_v, token));
  CHECK_FALSE(ask<bool>(console, atom::pause_v, token));
  CHECK(ask<bool>(console, atom::resume_v, token));
  CHECK(ask<uint32_t>(console, atom::flatten_v, token) == 2);
  CHECK_FALSE(ask<bool>(console, atom::reset_v, token));
  CHECK(peers->controls
        == std::vector<std::string>{"pause", "pause", "resume", "flatten", "reset"});
  CHECK(refusal<uint32_t>(atom::flatten_v, std::string{"wrong"}) == ec::access_denied);
  CHECK(peers->controls.size() == 5);
}

TEST_CASE_METHOD(console_fixture, "console answers the breaker's state from the supervisor") {
  start();
  auto st = ask<breaker_status>(console, atom::breaker_v, token);
  auto want = tn::test::fixed_breaker();
  CHECK(st.state == breaker_state::open);
  CHECK(st.consecutive_failures == want.consecutive_failures);
  CHECK(st.next_probe == want.next_probe);
  CHECK(st.times_opened == want.times_opened);
  CHECK(st.last_error == want.last_error);
  CHECK(peers->breaker_queries == 1);
}

TEST_CASE_METHOD(console_fixture, "console forwards restarts and passes the supervisor's refusal") {
  start();
  CHECK(ask<bool>(console, atom::restart_v, token, std::string{"clock"}));
  CHECK_FALSE(ask<bool>(console, atom::restart_v, token, std::string{"idle"}));
  auto err = refusal<bool>(atom::restart_v, token, std::string{"nosuch"});
  CHECK(err == ec::missing_service);
  CHECK(context_text(err) == "nosuch");
  CHECK(peers->restarted == std::vector<std::string>{"clock", "idle"});
}

TEST_CASE_METHOD(console_fixture, "console stop asks the supervisor to stop") {
  start();
  CHECK(ask<bool>(console, atom::stop_v, token));
  CHECK(peers->stops == 1);
}

TEST_CASE_METHOD(console_fixture, "console gives up on a silent supervisor after its timeout") {
  sup = sys.spawn(tn::test::mute_supervisor);
  console = spawn_console(sys, sup, "1.2.3", token);
  sched.run();
  auto status = self->request(console, caf::infinite, atom::status_v, token);
  auto events = self->request(console, caf::infinite, atom::events_v, token, std::string{},
                              uint32_t{1});
  auto breaker = self->request(console, caf::infinite, atom::breaker_v, token);
  auto decisions = self->request(console, caf::infinite, atom::decisions_v, token, uint32_t{1});
  sched.run();
  CHECK(sched.advance_time(console_timeout - 1ms) == 0);
  sched.run();
  CHECK(sched.advance_time(1ms) == 4);
  sched.run();
  caf::error status_err;
  status.receive([](std::vector<status_report>) { FAIL("answered"); },
                 [&](caf::error& e) { status_err = e; });
  CHECK(status_err == caf::sec::request_timeout);
  caf::error events_err;
  events.receive([](std::vector<event>) { FAIL("answered"); },
                 [&](caf::error& e) { events_err = e; });
  CHECK(events_err == caf::sec::request_timeout);
  caf::error breaker_err;
  breaker.receive([](breaker_status) { FAIL("answered"); },
                  [&](caf::error& e) { breaker_err = e; });
  CHECK(breaker_err == caf::sec::request_timeout);
  caf::error decisions_err;
  decisions.receive([](std::vector<decision_record>) { FAIL("answered"); },
                    [&](caf::error& e) { decisions_err = e; });
  CHECK(decisions_err == caf::sec::request_timeout);
}

TEST_CASE_METHOD(console_fixture, "console answers the regime from the regime detector") {
  start();
  auto detector = sys.spawn(tn::test::mock_regime_detector);
  peers->regime = caf::actor_cast<caf::strong_actor_ptr>(detector);
  auto st = ask<regime_status>(console, atom::regime_v, token);
  CHECK(st.regime == "high_vol");
  CHECK(st.p_high_vol == 0.75);
  CHECK(st.fits == 3);
  CHECK(refusal<regime_status>(atom::regime_v, std::string{"wrong"}) == ec::access_denied);
  peers->regime = nullptr;
  auto err = refusal<regime_status>(atom::regime_v, token);
  CHECK(err == ec::missing_service);
  CHECK(context_text(err) == "regime_detector");
  caf::anon_send_exit(detector, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(console_fixture, "console answers the derivatives from the monitor, unknown "
                                  "values still unknown") {
  start();
  auto monitor = sys.spawn(tn::test::mock_derivatives_monitor);
  peers->derivatives = caf::actor_cast<caf::strong_actor_ptr>(monitor);
  auto xs = ask<std::vector<derivatives_snapshot>>(console, atom::derivs_v, token);
  REQUIRE(xs.size() == 2);
  CHECK(xs[0].symbol == "BTCUSDT");
  REQUIRE(xs[0].funding_rate);
  CHECK(*xs[0].funding_rate == 0.0001);
  CHECK_FALSE(xs[0].long_short_ratio);
  CHECK(xs[1].symbol == "ETHUSDT");
  CHECK_FALSE(xs[1].funding_rate);
  CHECK(refusal<std::vector<derivatives_snapshot>>(atom::derivs_v, std::string{"wrong"})
        == ec::access_denied);
  peers->derivatives = nullptr;
  auto err = refusal<std::vector<derivatives_snapshot>>(atom::derivs_v, token);
  CHECK(err == ec::missing_service);
  CHECK(context_text(err) == "derivatives_monitor");
  caf::anon_send_exit(monitor, caf::exit_reason::user_shutdown);
}
