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

#include <memory>
#include <string>

namespace tn {

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
};

agent_actor spawn_agent(caf::actor_system& sys, agent_setup setup);

/// The agent service for the agent section: builds the backend (anthropic and
/// openai on the I/O thread, claude-cli on a detached runner).
caf::expected<caf::actor> spawn_agent(service_context& ctx);

} // namespace tn
