#pragma once

// What crosses between the decision loop and a model backend: the request
// the trader sends the agent, what a backend got back from the wire, and the
// agent's answer. The wire formats themselves live in actors/agent.

#include "messages/decision.hpp"
#include "messages/fwd.hpp"

#include <caf/meta/type_name.hpp>
#include <caf/optional.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tn {

/// What a response parser made of an answer.
enum class reply_status : uint8_t {
  ok,          // `input_json` holds the model's decision input
  api_error,   // the provider answered with an error (`error_type`, `error`)
  malformed,   // not the expected JSON: garbage, truncated, wrong shape
  no_decision, // well formed, but without a usable decision (refusal, cut off)
  unavailable, // no answer at all: connect, TLS, timeout, the process failed
  not_cached,  // a backtest's model cache has no journaled answer for the prompt
};

inline const char* to_string(reply_status x) {
  switch (x) {
    case reply_status::ok: return "ok";
    case reply_status::api_error: return "api_error";
    case reply_status::malformed: return "malformed";
    case reply_status::no_decision: return "no_decision";
    case reply_status::unavailable: return "unavailable";
    case reply_status::not_cached: return "not_cached";
  }
  return "?";
}

/// What a response parser extracts from the wire: the decision input (still
/// unvalidated JSON), the usage to pay for, or why there is no decision.
struct model_reply {
  reply_status status = reply_status::malformed;
  /// The decision input as compact JSON, for decision_validate and the journal.
  std::string input_json;
  /// Tokens billed; also set on a failure when the response carried usage.
  token_usage usage;
  /// A cost the backend reports itself (the Claude CLI's total_cost_usd).
  caf::optional<double> reported_cost_usd;
  /// Billed to a subscription (the Claude CLI with an OAuth token): the cost
  /// is notional, and counts against the daily budget only if configured.
  bool subscription = false;
  std::string model;       // as the provider names it, if it says
  std::string stop_reason; // Anthropic stop_reason / OpenAI finish_reason / CLI subtype
  std::string error_type;  // api_error: the provider's error type or CLI subtype
  std::string error;       // anything but ok: why, fit for a log line
  /// Why `usage` is not the provider's count ("no usage in the answer",
  /// "usage.input_tokens is a string"); "" when it was read as sent.
  std::string usage_problem;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, model_reply& x) {
  return f(caf::meta::type_name("model_reply"), x.status, x.input_json, x.usage,
           x.reported_cost_usd, x.subscription, x.model, x.stop_reason, x.error_type, x.error,
           x.usage_problem);
}

/// A backend's whole call: the last attempt's parsed reply plus what the
/// journal keeps about the exchange.
struct model_response {
  model_reply reply;
  std::string raw;      // the last attempt's response body (or CLI stdout), as received
  int http_status = 0;  // of the last attempt; 0 without a response (or for the CLI)
  uint32_t attempts = 0;
  timespan latency{};   // first byte sent to last byte received, retries included
  std::vector<std::string> retry_log; // one line per retry: why and after how long
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, model_response& x) {
  return f(caf::meta::type_name("model_response"), x.reply, x.raw, x.http_status, x.attempts,
           x.latency, x.retry_log);
}

/// The trader asks the agent for a decision.
struct agent_request {
  timestamp ts;            // event time of the decision
  std::string user_prompt; // the rendered snapshot
  /// The breaker's half-open probe: read credentials again and open a new
  /// connection before calling.
  bool reauthenticate = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, agent_request& x) {
  return f(caf::meta::type_name("agent_request"), x.ts, x.user_prompt, x.reauthenticate);
}

/// How the agent's call ended.
enum class agent_status : uint8_t {
  ok = 0,           // a decision that passed validation (parts may be rejected)
  failed,           // no usable decision: transport, API error, garbage, rejected whole
  budget_exhausted, // the day's budget is spent; no call was made
  no_backend,       // no backend is configured
  rejected,         // the answer broke the schema as a whole: every symbol holds
  /// A backtest's model cache has no answer for the prompt; no call was
  /// made, the breaker is not told, the evaluator decides.
  not_cached,
};

inline const char* to_string(agent_status x) {
  switch (x) {
    case agent_status::ok: return "ok";
    case agent_status::failed: return "failed";
    case agent_status::budget_exhausted: return "budget_exhausted";
    case agent_status::no_backend: return "no_backend";
    case agent_status::rejected: return "rejected";
    case agent_status::not_cached: return "not_cached";
  }
  return "?";
}

/// The agent's answer. `failed` and `rejected` count against the circuit
/// breaker; a rejected answer is still the model's decision (hold).
struct agent_answer {
  agent_status status = agent_status::failed;
  decision result;        // validated; when failed, only its validation, usage and cost are set
  std::string backend;    // "anthropic", "openai", "claude-cli"
  std::string error;      // why it failed, for the log
  std::string raw_response;
  timespan latency{};
  uint32_t attempts = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, agent_answer& x) {
  return f(caf::meta::type_name("agent_answer"), x.status, x.result, x.backend, x.error,
           x.raw_response, x.latency, x.attempts);
}

} // namespace tn
