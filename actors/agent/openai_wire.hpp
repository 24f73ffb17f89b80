#pragma once

// OpenAI-compatible chat completions (Ollama, llama.cpp server, vLLM) on
// the wire: the request body asking for the decision schema and the parser
// of its answer.

#include "messages/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tn {

inline constexpr const char* openai_chat_path = "/v1/chat/completions";

/// How the model is held to the schema.
enum class openai_output_mode : uint8_t {
  /// response_format {type: json_schema}: the answer is message.content.
  json_schema,
  /// A forced function tool, for servers without json_schema support: the
  /// answer is tool_calls[0].function.arguments.
  tool,
};

struct openai_request {
  std::string model;
  int64_t max_tokens = 2048;
  std::string system_prompt;
  std::string user_prompt;
  /// decision_schema(limits, schema_dialect::full).
  std::string schema;
  openai_output_mode mode = openai_output_mode::json_schema;
  std::optional<double> temperature;
};

/// The POST /v1/chat/completions body as compact JSON (stream false).
std::string openai_request_body(const openai_request& req);

/// Parses a chat completions body, success or error ({"error":{..}} or
/// {"error":"text"}). `ok` needs a tool call named `tool_name` or a content
/// string that is a JSON object; finish_reason "length" gives no_decision.
/// Usage maps prompt_tokens minus cached to input_tokens and cached_tokens
/// to cache_read_input_tokens, the Anthropic convention.
model_reply parse_openai_response(std::string_view body,
                                  std::string_view tool_name = "submit_decision");

} // namespace tn
