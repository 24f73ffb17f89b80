#pragma once

// What a backend's response parser extracts from the wire: the decision
// input (still unvalidated JSON), the usage to pay for, or why there is no
// decision.

#include "messages/decision.hpp"

#include <optional>
#include <string>

namespace tn {

enum class reply_status : uint8_t {
  ok,          // `input_json` holds the model's decision input
  api_error,   // the provider answered with an error (`error_type`, `error`)
  malformed,   // not the expected JSON: garbage, truncated, wrong shape
  no_decision, // well formed, but without a usable decision (refusal, cut off)
};

inline const char* to_string(reply_status x) {
  switch (x) {
    case reply_status::ok: return "ok";
    case reply_status::api_error: return "api_error";
    case reply_status::malformed: return "malformed";
    case reply_status::no_decision: return "no_decision";
  }
  return "?";
}

struct model_reply {
  reply_status status = reply_status::malformed;
  /// The decision input as compact JSON, for decision_validate and the journal.
  std::string input_json;
  /// Tokens billed; also set on a failure when the response carried usage.
  token_usage usage;
  /// A cost the backend reports itself (the Claude CLI's total_cost_usd).
  std::optional<double> reported_cost_usd;
  std::string model;       // as the provider names it, if it says
  std::string stop_reason; // Anthropic stop_reason / OpenAI finish_reason / CLI subtype
  std::string error_type;  // api_error: the provider's error type or CLI subtype
  std::string error;       // anything but ok: why, fit for a log line
};

} // namespace tn
