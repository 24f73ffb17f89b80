#pragma once

// A supervisor, an event log and a journal that answer the console from
// fixed data and record what they were asked.

#include "messages/actors.hpp"
#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/derivatives.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/learner.hpp"
#include "messages/lot_rule.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "messages/regime.hpp"
#include "messages/supervision.hpp"
#include "test/unit/journal_fake.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace tn::test {

/// What the mocks were asked (the test scheduler runs one actor at a time).
struct console_peers {
  /// lookup("event_log") answers this; null: no event log running.
  caf::strong_actor_ptr event_log;
  /// lookup("journal") answers this; null: no journal running.
  caf::strong_actor_ptr journal;
  /// lookup("position_tracker"), ("broker"), ("risk"); null: not running.
  caf::strong_actor_ptr tracker;
  caf::strong_actor_ptr broker;
  caf::strong_actor_ptr risk;
  /// lookup("learner"); null: not running.
  caf::strong_actor_ptr learner;
  /// lookup("regime_detector"); null: not running.
  caf::strong_actor_ptr regime;
  /// lookup("derivatives_monitor"); null: not running.
  caf::strong_actor_ptr derivatives;
  /// The risk controls asked, in order: "pause", "resume", "flatten", "reset".
  std::vector<std::string> controls;
  std::vector<std::string> restarted;
  std::vector<std::string> topics;
  int stops = 0;
  int breaker_queries = 0;
};

inline std::vector<status_report> fixed_reports() {
  return {{"supervisor", {{"clock.restarts", 1}}, {{"clock.state", "up"}}},
          {"clock", {{"beats", 7}}, {}}};
}

inline std::vector<service_row> fixed_rows() {
  return {{"event_log", "up", 0, ""}, {"clock", "restarting", 1, "boom"}};
}

/// An open breaker after three failures.
inline breaker_status fixed_breaker() {
  return {breaker_state::open, 3, timestamp{} + std::chrono::hours{24 * 20000}, 2,
          "HTTP 529 overloaded"};
}

/// Decision `n` of the mock journal: who decided alternates, the trigger's
/// detail is its number.
inline decision_record fixed_decision(int n) {
  decision_record x;
  x.trigger = {"BTCUSDT", pass_reason::candle_close, std::to_string(n),
               timestamp{} + std::chrono::minutes{n}};
  x.chosen.ts = x.trigger.ts;
  x.chosen.source = n % 2 == 0 ? decision_source::model : decision_source::evaluator;
  x.chosen.decisions = {{"BTCUSDT", trade_action::buy, 0.5, {}}};
  return x;
}

/// Answers like the supervisor; "nosuch" is unknown, "idle" is not running.
inline supervisor_actor::behavior_type mock_supervisor(supervisor_actor::pointer,
                                                       std::shared_ptr<console_peers> peers) {
  return {
    [peers](atom::lookup, const std::string& name) {
      return name == "event_log"          ? peers->event_log
             : name == "journal"          ? peers->journal
             : name == "position_tracker" ? peers->tracker
             : name == "broker"           ? peers->broker
             : name == "risk"             ? peers->risk
             : name == "learner"          ? peers->learner
             : name == "regime_detector"  ? peers->regime
             : name == "derivatives_monitor" ? peers->derivatives
                                          : caf::strong_actor_ptr{};
    },
    [](atom::status) { return fixed_reports(); },
    [](atom::actors) { return fixed_rows(); },
    [peers](atom::restart, const std::string& name) -> caf::result<bool> {
      if (name == "nosuch")
        return caf::make_error(ec::missing_service, name);
      peers->restarted.push_back(name);
      return name != "idle";
    },
    [](atom::restart, const std::string&, uint64_t) {},
    [peers](atom::stop) { ++peers->stops; },
    [](atom::breaker, timestamp) { return breaker_permit::refuse; },
    [](atom::breaker, timestamp, breaker_outcome, const std::string&) {},
    [peers](atom::breaker) {
      ++peers->breaker_queries;
      return fixed_breaker();
    },
    [](atom::time, timestamp) {},
  };
}

/// A supervisor that never answers a query.
inline supervisor_actor::behavior_type mute_supervisor(supervisor_actor::pointer self) {
  return {
    [self](atom::lookup, const std::string&) -> caf::result<caf::strong_actor_ptr> {
      return self->make_response_promise<caf::strong_actor_ptr>();
    },
    [self](atom::status) -> caf::result<std::vector<status_report>> {
      return self->make_response_promise<std::vector<status_report>>();
    },
    [self](atom::actors) -> caf::result<std::vector<service_row>> {
      return self->make_response_promise<std::vector<service_row>>();
    },
    [self](atom::restart, const std::string&) -> caf::result<bool> {
      return self->make_response_promise<bool>();
    },
    [](atom::restart, const std::string&, uint64_t) {},
    [](atom::stop) {},
    [](atom::breaker, timestamp) { return breaker_permit::refuse; },
    [](atom::breaker, timestamp, breaker_outcome, const std::string&) {},
    [self](atom::breaker) -> caf::result<breaker_status> {
      return self->make_response_promise<breaker_status>();
    },
    [](atom::time, timestamp) {},
  };
}

/// Holds five "supervisor" events, texts "0" to "4", oldest first.
inline event_log_actor::behavior_type mock_event_log(event_log_actor::pointer,
                                                     std::shared_ptr<console_peers> peers) {
  return {
    [](atom::publish, const event&) {},
    [peers](atom::events, const std::string& topic) {
      peers->topics.push_back(topic);
      std::vector<event> xs;
      for (int i = 0; i < 5; ++i)
        xs.push_back({timestamp{} + std::chrono::seconds{i}, "supervisor", severity::info,
                      std::to_string(i)});
      return xs;
    },
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"event_log", {}, {}}; },
  };
}

/// The journal the console reads: five decisions, fixed_decision(0) to (4),
/// oldest first, and one filled order.
inline std::shared_ptr<journal_fake> console_journal() {
  auto j = std::make_shared<journal_fake>();
  for (int n = 0; n < 5; ++n)
    j->rows.push_back(fixed_decision(n));
  journaled_order o;
  o.request.client_id = "tn1-1";
  o.last.state = order_state::filled;
  j->orders.push_back(o);
  return j;
}

/// One open BTCUSDT position.
inline position fixed_position() {
  return {"tn1-1", "BTCUSDT", decimal::from_units(853000), decimal::from_int(117224), {}, {}, false,
          1, timestamp{}};
}

inline position_tracker_actor::behavior_type mock_tracker(position_tracker_actor::pointer) {
  return {
    [](atom::exit, const exit_request&) {},
    [](atom::positions) { return std::vector<position>{fixed_position()}; },
    [](atom::reconcile, const exchange_holdings&) { return uint32_t{0}; },
    [](atom::rules, const std::vector<lot_rule>&) {},
    [](const order_update&) {},
    [](const fill&) {},
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"position_tracker", {}, {}}; },
  };
}

inline broker_actor::behavior_type mock_broker(broker_actor::pointer) {
  return {
    [](atom::order, const order_request&) {},
    [](atom::cancel, const std::string&) {},
    [](atom::balance) {
      account_state a;
      a.quote_asset = "USDT";
      a.equity = decimal::from_int(10000);
      return a;
    },
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"broker", {}, {}}; },
  };
}

/// Pause answers true once, then false (already paused); flatten closes 2.
inline risk_actor::behavior_type mock_risk(risk_actor::pointer,
                                           std::shared_ptr<console_peers> peers) {
  auto paused = [peers] {
    return std::count(peers->controls.begin(), peers->controls.end(), "pause") > 1;
  };
  return {
    [](atom::execute, uint64_t, const decision&) {},
    [peers, paused](atom::pause) {
      peers->controls.push_back("pause");
      return !paused();
    },
    [peers](atom::resume) {
      peers->controls.push_back("resume");
      return true;
    },
    [peers](atom::flatten) {
      peers->controls.push_back("flatten");
      return uint32_t{2};
    },
    [peers](atom::reset) {
      peers->controls.push_back("reset");
      return false;
    },
    [](atom::rules, const std::string&, const std::string&) {},
    [](const position_exit&) {},
    [](const order_update&) {},
    [](const fill&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"risk", {}, {}}; },
  };
}

/// The regime detector's answer in the mock: high_vol after a fit.
inline regime_status fixed_regime() {
  regime_status x;
  x.symbol = "BTCUSDT";
  x.regime = "high_vol";
  x.p_low_vol = 0.25;
  x.p_high_vol = 0.75;
  x.fits = 3;
  x.model.observations = 365;
  return x;
}

/// A regime detector that answers fixed_regime().
inline regime_detector_actor::behavior_type mock_regime_detector(regime_detector_actor::pointer) {
  return {
    [](atom::regime) { return fixed_regime(); },
    [](atom::warmup, uint64_t, const std::vector<candle>&) {},
    [](atom::warmup, uint64_t, const std::string&, timespan) {},
    [](atom::fitted, uint64_t, const regime_model&) {},
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"regime_detector", {}, {}}; },
  };
}

/// The derivatives monitor's answer in the mock: BTCUSDT with its funding
/// known, ETHUSDT with nothing known yet.
inline std::vector<derivatives_snapshot> fixed_derivatives() {
  derivatives_snapshot btc;
  btc.symbol = "BTCUSDT";
  btc.funding_rate = 0.0001;
  btc.next_funding = from_unix_ms(1'706'860'800'000);
  btc.open_interest = 80579.225;
  btc.cvd = -12.5;
  btc.cvd_bars = 60;
  derivatives_snapshot eth;
  eth.symbol = "ETHUSDT";
  eth.hot = true;
  return {btc, eth};
}

/// A derivatives monitor that answers fixed_derivatives().
inline derivatives_monitor_actor::behavior_type
mock_derivatives_monitor(derivatives_monitor_actor::pointer) {
  return {
    [](atom::fetched, const std::string&, derivs_query, const std::string&) {},
    [](atom::fetched, const std::string&, derivs_query, const std::string&, timespan) {},
    [](atom::derivs) { return fixed_derivatives(); },
    [](atom::pass, const gate_pass&) {},
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"derivatives_monitor", {}, {}}; },
  };
}

} // namespace tn::test
