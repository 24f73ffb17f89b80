#pragma once

// What the llm-endpoint reads from a model request: whether the provider
// would accept it (headers and body checked as the real APIs check them),
// and the shape its answer must have (model, tool name, output mode).

#include "runtime/net/http.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tn::llm {

/// The wire dialect a request path speaks.
enum class api : uint8_t {
  anthropic, ///< POST /v1/messages
  openai,    ///< POST /v1/chat/completions
};

/// The answer's shape, read from the request body.
struct request_shape {
  std::string model;
  std::string tool_name = "submit_decision";
  /// OpenAI: the request offers tools (answer with tool_calls) instead of
  /// asking for response_format json_schema (answer in content).
  bool tool_call = false;
  /// OpenAI: tool_choice names a function; the API then finishes with
  /// "stop" rather than "tool_calls".
  bool forced_tool = false;
  /// Anthropic: "stream": true asks for server-sent events (Claude Code
  /// always streams).
  bool stream = false;
};

/// Why the provider refuses a request before the model sees it.
struct refusal {
  int status = 400;
  std::string type; ///< e.g. authentication_error, invalid_request_error
  std::string message;
};

/// Checks a request as the provider would. Anthropic: a credential and
/// anthropic-version must be present (401 authentication_error, 400
/// invalid_request_error): x-api-key, or an OAuth token ("sk-ant-oat...",
/// from `claude setup-token`) as "Authorization: Bearer"; it must equal
/// `expected_key` when that is set. OpenAI: when `expected_key` is set, Authorization must be
/// "Bearer <key>" (401). Both: the body must be a JSON object with a string
/// model and a messages array (Anthropic also an integer max_tokens).
/// Fills `shape` when the request is accepted.
std::optional<refusal> check_request(api which, const net::http_request& req,
                                     std::string_view expected_key, request_shape& shape);

} // namespace tn::llm
