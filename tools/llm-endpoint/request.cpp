#include "tools/llm-endpoint/request.hpp"

#include "runtime/json/json_read.hpp"

namespace tn::llm {

namespace dom = simdjson::dom;
using json_read::get;
using json_read::string_or;

namespace {

refusal invalid(std::string message) {
  return {400, "invalid_request_error", std::move(message)};
}

// An OAuth token as a bearer credential; an API key is never one.
std::string oauth_token(const net::http_request& req) {
  auto auth = req.header("authorization");
  return auth.rfind("Bearer sk-ant-oat", 0) == 0 ? auth.substr(7) : std::string{};
}

std::optional<refusal> check_anthropic_headers(const net::http_request& req,
                                               std::string_view expected_key) {
  auto key = req.header("x-api-key");
  auto token = oauth_token(req);
  if (key.empty() && token.empty())
    return refusal{401, "authentication_error", "x-api-key header is required"};
  if (!expected_key.empty() && key != expected_key && token != expected_key)
    return refusal{401, "authentication_error",
                   key.empty() ? "Invalid bearer token" : "invalid x-api-key"};
  if (req.header("anthropic-version").empty())
    return invalid("anthropic-version: header is required");
  return std::nullopt;
}

std::optional<refusal> check_openai_headers(const net::http_request& req,
                                            std::string_view expected_key) {
  if (expected_key.empty())
    return std::nullopt;
  if (req.header("authorization") != "Bearer " + std::string{expected_key})
    return refusal{401, "invalid_request_error", "Incorrect API key provided."};
  return std::nullopt;
}

// The tool the answer calls: the one tool_choice forces, else the first offered.
void read_tool(api which, const dom::object& root, request_shape& shape) {
  auto name_of = [which](const dom::object& tool) {
    dom::object fn;
    if (which == api::openai)
      return get(tool, "function", fn) ? string_or(fn, "name") : std::string{};
    return string_or(tool, "name");
  };
  dom::array tools;
  dom::object first;
  shape.tool_call = get(root, "tools", tools) && tools.size() > 0;
  if (shape.tool_call && tools.at(0).get(first) == simdjson::SUCCESS)
    if (auto name = name_of(first); !name.empty())
      shape.tool_name = name;
  dom::object choice;
  if (get(root, "tool_choice", choice))
    if (auto forced = name_of(choice); !forced.empty()) {
      shape.tool_name = forced;
      shape.forced_tool = true;
    }
}

std::optional<refusal> read_body(api which, std::string_view body, request_shape& shape) {
  dom::parser parser;
  dom::object root;
  if (json_read::parse(parser, body).get(root) != simdjson::SUCCESS)
    return invalid("The request body is not valid JSON.");
  std::string_view model;
  if (!get(root, "model", model))
    return invalid("model: Field required");
  dom::array messages;
  if (!get(root, "messages", messages))
    return invalid("messages: Field required");
  int64_t max_tokens = 0;
  if (which == api::anthropic && !get(root, "max_tokens", max_tokens))
    return invalid("max_tokens: Field required");
  shape.model.assign(model);
  get(root, "stream", shape.stream);
  read_tool(which, root, shape);
  return std::nullopt;
}

} // namespace

std::optional<refusal> check_request(api which, const net::http_request& req,
                                     std::string_view expected_key, request_shape& shape) {
  auto refused = which == api::anthropic ? check_anthropic_headers(req, expected_key)
                                         : check_openai_headers(req, expected_key);
  if (refused)
    return refused;
  return read_body(which, req.body, shape);
}

} // namespace tn::llm
