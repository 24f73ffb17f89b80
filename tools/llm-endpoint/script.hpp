#pragma once

// The llm-endpoint's script: a queue of steps, each saying how to answer the
// next model request (status, headers, delay, and a decision, a literal body
// or a provider error). Steps come from a JSON-lines file or, at run time, a
// JSON array posted to /_script. Pure parsing; no network.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tn::llm {

/// What the body of an answer is made of.
enum class step_body : uint8_t {
  decision, ///< the tool input, wrapped in the provider's success response
  raw,      ///< literal text (garbage, truncated JSON, an HTML error page)
  error,    ///< the provider's error envelope
};

/// Token counts reported in a success response, Anthropic's names. The
/// OpenAI form reports input + cache_read as prompt_tokens, of which
/// cache_read as cached_tokens.
struct step_usage {
  uint64_t input_tokens = 1200;
  uint64_t output_tokens = 150;
  uint64_t cache_creation_input_tokens = 0;
  uint64_t cache_read_input_tokens = 0;
};

/// One scripted answer.
struct llm_step {
  int status = 200;
  /// Extra response headers (retry-after, retry-after-ms, x-should-retry...).
  std::vector<std::pair<std::string, std::string>> headers;
  /// How long to wait before answering.
  int64_t delay_ms = 0;
  step_body body = step_body::decision;
  /// body == decision: the tool input, a compact JSON object.
  std::string decision_json;
  /// body == raw: sent as is.
  std::string raw;
  /// body == error: the provider's error type and message.
  std::string error_type;
  std::string error_message;
  step_usage usage;
  /// Anthropic stop_reason / OpenAI finish_reason; "" = what a complete
  /// answer has (tool_use, stop).
  std::string stop_reason;
  /// Send only the first N bytes of the generated body.
  std::optional<size_t> truncate_at;
  /// How many requests this step answers (at least 1).
  int repeat = 1;
};

/// The decision an empty queue answers with: hold everything, check again
/// in an hour. Passes decision_validate with the default limits.
std::string default_decision_json();

/// A step answering default_decision_json().
llm_step default_step();

/// The status a provider sends with an error type (rate_limit_error -> 429,
/// overloaded_error -> 529, ...); 500 for types it does not know.
int status_for_error_type(std::string_view type);

/// Parses one step from a JSON object:
///   {"status":429, "headers":{"retry-after-ms":"200"}, "delay_ms":0,
///    "decision":{...} | "raw":"text" | "error":{"type":..,"message":..},
///    "usage":{"input_tokens":..,"output_tokens":..,
///             "cache_creation_input_tokens":..,"cache_read_input_tokens":..},
///    "stop_reason":"max_tokens", "truncate_at":40, "repeat":2}
/// Every member is optional; without a body the step answers the default
/// decision; an error step without a status gets status_for_error_type.
/// Unknown members are rejected (a typo would silently change a test).
bool parse_step(std::string_view json, llm_step& out, std::string& error);

/// Parses a JSON array of step objects.
bool parse_step_array(std::string_view json, std::vector<llm_step>& out, std::string& error);

/// Parses JSON lines: one step object per line; blank lines and lines
/// starting with '#' are skipped. Errors name the line.
bool parse_step_lines(std::string_view text, std::vector<llm_step>& out, std::string& error);

} // namespace tn::llm
