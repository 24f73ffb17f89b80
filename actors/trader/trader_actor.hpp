#pragma once

// The trader service, the orchestrator of the decision loop. On a pass from
// the gate (or the watchdog's forced decision) it gathers the snapshot from
// its peer "market_store" and the market context from the "regime_detector",
// "macro_regime", "derivatives_monitor" and "learner" (each optional: one
// not running or not answering in time leaves its part empty;
// trader_context.hpp), asks the supervisor's circuit breaker whether the
// model may be called, asks the "agent" (or, when the model is unavailable,
// refused, over budget or failed, the "evaluator"; an answer rejected as a
// whole holds every symbol), sends the gate its next schedule, keeps the
// model's memory for the next prompt (restored from the "journal" at
// start), and journals the decision. One decision at a time; passes
// arriving meanwhile collapse into one that runs next, keeping every reason.

#include "actors/trader/trader_config.hpp"
#include "messages/actors.hpp"
#include "runtime/config/config.hpp"
#include "runtime/service.hpp"

#include <string>
#include <vector>

namespace tn {

struct trader_setup {
  std::vector<std::string> symbols;
  trader_config cfg;
  /// False when agent.backend is none: the evaluator decides, the breaker
  /// is not consulted.
  bool model_configured = false;
  /// Longest wait for the agent, retries included; beyond it the call
  /// counts as failed and the evaluator decides.
  timespan agent_deadline = std::chrono::minutes{7};
  /// Longest wait for the store, the evaluator and the supervisor.
  timespan query_timeout = std::chrono::seconds{10};
};

trader_actor spawn_trader(caf::actor_system& sys, trader_setup setup);

/// The trader service under the config's trader and agent sections.
caf::expected<caf::actor> spawn_trader(service_context& ctx);

} // namespace tn
