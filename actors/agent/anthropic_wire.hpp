#pragma once

// The Anthropic Messages API on the wire (PROTOCOLS.md): the request body
// that forces the decision tool, and the parser of its answer. Pure string
// work: the agent actor sends the body and hands back what arrived.

#include "messages/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tn {

inline constexpr const char* anthropic_messages_path = "/v1/messages";
inline constexpr const char* anthropic_version = "2023-06-01";

struct anthropic_request {
  std::string model;
  int64_t max_tokens = 2048;
  /// The static system prompt: byte-identical between calls so the cached
  /// prefix (tools + system) is reused. No timestamps in here.
  std::string system_prompt;
  /// The snapshot: everything that changes between calls.
  std::string user_prompt;
  /// decision_schema(limits, schema_dialect::constrained).
  std::string schema;
  /// Marks the tool strict (constrained decoding on models that support it).
  bool strict_tool = true;
  /// "" for the default 5-minute cache, or "1h".
  std::string cache_ttl;
  std::optional<double> temperature;
};

/// The POST /v1/messages body as compact JSON: system as one text block
/// with cache_control, one user message, the decision tool and a
/// tool_choice forcing it.
std::string anthropic_request_body(const anthropic_request& req);

/// Parses a /v1/messages response body, success or error. `ok` needs a
/// tool_use block named `tool_name` whose input is an object; a stop at
/// max_tokens or a refusal gives no_decision even if a block is present,
/// because its input may be cut off.
model_reply parse_anthropic_response(std::string_view body,
                                     std::string_view tool_name = "submit_decision");

} // namespace tn
