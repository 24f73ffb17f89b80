#pragma once

// The agent service: puts the decision question to the configured model
// backend, validates the answer field by field, accounts usage and cost
// against the day's budget, and answers the trader with an agent_answer.
// The model's output is data: an answer rejected as a whole is the model's
// hold for every symbol, which the circuit breaker counts as a failure.
// At start it restores the day's spend from its peer "journal".

#include "actors/agent/decision_schema.hpp"
#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <limits>
#include <memory>
#include <string>

namespace tn {

class external_calls;
class model_backend;
struct model_price;

struct agent_setup {
  /// Null: no backend configured, every request answers no_backend.
  std::shared_ptr<model_backend> backend;
  decision_limits limits;
  /// The static system prompt (prompt caching needs it byte-identical).
  std::string system_prompt;
  std::vector<model_price> prices;
  /// USD per UTC day; 0 means no model calls.
  double daily_budget_usd = 0;
  /// Whether calls billed to a subscription (model_reply::subscription)
  /// count against the budget; their notional cost is journaled either way.
  bool subscription_in_budget = false;
  /// The backend is a backtest's model cache (cache_backend.hpp): each
  /// answer counts as a cache hit, each not_cached reply as a miss.
  bool from_cache = false;
  /// A backtest's budget for the whole run (agent.backtest: live), USD;
  /// infinity: none. Once spent, calls are refused as budget_exhausted.
  double run_budget_usd = std::numeric_limits<double>::infinity();
  /// Whether to restore the day's spend from the journal at start (not in
  /// a backtest, whose journal holds earlier runs' replay days).
  bool restore_spend = true;
  /// A backtest's bridge (runtime/external_calls.hpp): a backend's result,
  /// which arrives on a foreign thread, is posted there and the driver
  /// delivers it. Null: the backend's thread sends it to the agent.
  std::shared_ptr<external_calls> external;
};

agent_actor spawn_agent(caf::actor_system& sys, agent_setup setup);

/// The line a backtest prints at its end for the model cache, from the
/// agent's status report (counters cache_hits and cache_misses), e.g.
/// "model cache: 812 of 830 prompts answered from the journal, 18 missed
/// (the evaluator decided those)"; "" when the report has no cache counters.
std::string model_cache_summary(const status_report& agent);

/// The agent service for the agent section: builds the backend (anthropic and
/// openai on the I/O thread, claude-cli on a detached runner).
caf::expected<caf::actor> spawn_agent(service_context& ctx);

} // namespace tn
