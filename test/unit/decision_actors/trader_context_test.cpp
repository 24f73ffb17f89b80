// The trader's market context: the regime detector, the macro regime actor,
// the derivatives monitor and the learner each fill their part of the
// snapshot (seen in the prompt and the evaluator's reasoning); one that
// fails or does not answer leaves its part empty and the decision goes on.

#include "loop_fixture.hpp"

#include "messages/derivatives.hpp"
#include "messages/learner.hpp"
#include "messages/regime.hpp"

using namespace tn;
using namespace tn::test;

namespace {

/// How a fake context service answers.
enum class answer { yes, error, never };

inline regime_detector_actor::behavior_type fake_regime(regime_detector_actor::pointer self,
                                                        answer how) {
  return {
    [self, how](atom::regime) -> caf::result<regime_status> {
      if (how == answer::error)
        return caf::make_error(ec::missing_service, "no fit yet");
      if (how == answer::never)
        return self->make_response_promise<regime_status>();
      regime_status st;
      st.symbol = "BTCUSDT";
      st.regime = "high_vol";
      st.p_high_vol = 0.83;
      st.p_low_vol = 0.17;
      st.model.observations = 365;
      return st;
    },
    [](atom::warmup, uint64_t, const std::vector<candle>&) {},
    [](atom::warmup, uint64_t, const std::string&, timespan) {},
    [](atom::fitted, uint64_t, const regime_model&) {},
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

inline macro_regime_actor::behavior_type fake_macro(macro_regime_actor::pointer, answer how) {
  return {
    [how](atom::macro) -> caf::result<std::string> {
      if (how == answer::error)
        return caf::make_error(ec::missing_service, "no series");
      return std::string{"stagflation"};
    },
    [](atom::macro, uint64_t, uint64_t, const std::string&, const std::string&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

/// What the derivatives monitor stand-in answers: BTCUSDT, the decision's
/// symbol, and ETHUSDT, another one.
std::vector<derivatives_snapshot> derivatives_answer() {
  derivatives_snapshot eth;
  eth.symbol = "ETHUSDT";
  eth.funding_rate = 0.0009;
  derivatives_snapshot btc;
  btc.symbol = "BTCUSDT";
  btc.funding_rate = 0.0012;
  btc.open_interest_change_pct = -3.25;
  return {eth, btc};
}

// The answer is an argument: CAF 0.17 spawns an argument-less function
// actor through a null tuple pointer, which UBSan reports.
inline derivatives_monitor_actor::behavior_type
fake_derivatives(derivatives_monitor_actor::pointer, std::vector<derivatives_snapshot> answer) {
  return {
    [](atom::fetched, const std::string&, derivs_query, const std::string&) {},
    [](atom::fetched, const std::string&, derivs_query, const std::string&, timespan) {},
    [answer](atom::derivs) { return answer; },
    [](atom::pass, const gate_pass&) {},
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

inline learner_actor::behavior_type fake_learner(learner_actor::pointer self, answer how) {
  return {
    [](atom::regimes, const std::string&, const std::string&) {},
    [](atom::regime, const std::string&) {},
    [](atom::macro, const std::string&) {},
    [self, how](atom::weights) -> caf::result<learner_weights> {
      if (how == answer::never)
        return self->make_response_promise<learner_weights>();
      learner_weights w;
      w.regime = "high_vol_stagflation";
      w.source = "global";
      w.trades = 12;
      w.weights = {{"momentum", 0.3}, {"regime", 0.9}, {"trend", 0.6}, {"volatility", 0.5},
                   {"volume", 0.4}};
      return w;
    },
    [](atom::learner) { return learner_report{}; },
    [](const position_exit&) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

struct context_fixture : loop_fixture {
  explicit context_fixture(bool with_model, answer regime = answer::yes,
                           answer macro = answer::yes, answer learner = answer::yes)
    : loop_fixture(with_model) {
    // Announced to the running trader, as the supervisor does once every
    // service started.
    std::vector<std::pair<std::string, caf::strong_actor_ptr>> context{
      {"regime_detector", ptr(sys.spawn(fake_regime, regime))},
      {"macro_regime", ptr(sys.spawn(fake_macro, macro))},
      {"derivatives_monitor", ptr(sys.spawn(fake_derivatives, derivatives_answer()))},
      {"learner", ptr(sys.spawn(fake_learner, learner))}};
    for (auto& [name, peer] : context) {
      self->send(trader, atom::announce_v, name, peer);
      peers.emplace_back(name, peer);
    }
    sched.run();
  }

  int64_t counter(const std::string& name) {
    return ask<status_report>(trader, atom::status_v).counters.at(name);
  }
};

struct model_context : context_fixture {
  model_context() : context_fixture(true) {
  }
};

struct evaluator_context : context_fixture {
  evaluator_context() : context_fixture(false) {
  }
};

struct failing_context : context_fixture {
  failing_context() : context_fixture(true, answer::error, answer::error, answer::never) {
  }
};

} // namespace

TEST_CASE_METHOD(model_context, "context: regime, macro, derivatives and learner weights reach the "
                                "prompt") {
  script->script.push_back(ok_response(decision_json("HOLD", 0)));
  auto& rec = pass(t0);
  CHECK(rec.chosen.source == decision_source::model);
  REQUIRE(script->calls.size() == 1);
  auto& prompt = script->calls[0].user_prompt;
  CHECK_THAT(prompt, Catch::Contains("regime: crypto high_vol (p 0.83), macro stagflation\n"));
  // Only the decision's symbol, with what is known of it.
  CHECK_THAT(prompt, Catch::Contains("derivatives:\n- BTCUSDT funding 0.0012 oi_chg -3.25%\n"));
  CHECK_THAT(prompt, !Catch::Contains("ETHUSDT"));
  CHECK_THAT(prompt, Catch::Contains("learner weights (12 trades of global): momentum 0.3, "
                                     "regime 0.9, trend 0.6, volatility 0.5, volume 0.4\n"));
  CHECK(counter("context_missing") == 0);
}

TEST_CASE_METHOD(evaluator_context, "context: the evaluator decides with the regime, the "
                                    "derivatives and the learner's weights") {
  auto& rec = pass(t0);
  CHECK(rec.chosen.source == decision_source::evaluator);
  REQUIRE(rec.chosen.decisions.size() == 1);
  auto& regime = rec.chosen.decisions[0].signals[4];
  CHECK(regime.name == "regime");
  // High volatility and crowded longs while open interest falls: bearish.
  CHECK(regime.direction == signal_direction::bearish);
  CHECK(regime.confidence > 0.5);
  CHECK_THAT(rec.chosen.reasoning, Catch::Contains("[learner weights: global]"));
}

TEST_CASE_METHOD(failing_context, "context: services that fail or never answer leave their part "
                                  "empty, and the decision goes on") {
  script->script.push_back(ok_response(decision_json("HOLD", 0)));
  self->send(trader, atom::pass_v, gate_pass{"", pass_reason::timer, "due", t0});
  sched.run();
  // The learner has not answered: the decision waits for it, no longer
  // than the trader's query timeout.
  CHECK(journal->rows.empty());
  sched.trigger_timeouts();
  sched.run();
  REQUIRE(journal->rows.size() == 1);
  CHECK(journal->rows.back().chosen.source == decision_source::model);
  REQUIRE(script->calls.size() == 1);
  auto& prompt = script->calls[0].user_prompt;
  CHECK_THAT(prompt, !Catch::Contains("regime:"));
  CHECK_THAT(prompt, !Catch::Contains("learner"));
  // The derivatives monitor answered: its part is there.
  CHECK_THAT(prompt, Catch::Contains("- BTCUSDT funding 0.0012"));
  CHECK(counter("context_missing") == 3);
}
