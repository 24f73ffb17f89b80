#include "actors/agent/anthropic_wire.hpp"

#include "runtime/json/json_read.hpp"
#include "runtime/json/json_writer.hpp"
#include "actors/agent/decision_schema.hpp"

#include <fmt/format.h>

namespace tn {

namespace dom = simdjson::dom;
using namespace json_read;

std::string anthropic_request_body(const anthropic_request& req) {
  json_writer w;
  w.begin_object();
  w.key("model").value(req.model);
  w.key("max_tokens").value(req.max_tokens);
  if (req.temperature)
    w.key("temperature").value(*req.temperature);
  w.key("system").begin_array().begin_object();
  w.key("type").value("text").key("text").value(req.system_prompt);
  w.key("cache_control").begin_object().key("type").value("ephemeral");
  if (!req.cache_ttl.empty())
    w.key("ttl").value(req.cache_ttl);
  w.end_object().end_object().end_array();
  w.key("messages").begin_array().begin_object();
  w.key("role").value("user").key("content").value(req.user_prompt);
  w.end_object().end_array();
  w.key("tools").begin_array().begin_object();
  w.key("name").value(decision_tool_name);
  w.key("description").value(decision_tool_description());
  w.key("input_schema").raw(req.schema);
  if (req.strict_tool)
    w.key("strict").value(true);
  w.end_object().end_array();
  w.key("tool_choice").begin_object().key("type").value("tool").key("name").value(
    decision_tool_name);
  w.end_object();
  w.end_object();
  return w.take();
}

namespace {

void read_usage(const dom::object& root, model_reply& out) {
  auto& u = out.usage;
  out.usage_problem =
    read_usage_counts(root, "usage",
                      {{"input_tokens", &u.input_tokens, true},
                       {"output_tokens", &u.output_tokens, true},
                       {"cache_creation_input_tokens", &u.cache_creation_input_tokens, false},
                       {"cache_read_input_tokens", &u.cache_read_input_tokens, false}});
}

model_reply error_reply(const dom::object& root) {
  model_reply out;
  out.status = reply_status::api_error;
  dom::object err;
  if (!get(root, "error", err)) {
    out.status = reply_status::malformed;
    out.error = "error body without an error object";
    return out;
  }
  out.error_type = string_or(err, "type", "unknown");
  out.error = fmt::format("{}: {}", for_log(out.error_type, 60),
                          for_log(string_or(err, "message")));
  return out;
}

// Names the content blocks for the log when the tool call is missing.
std::string describe_blocks(const dom::array& content) {
  std::string names;
  for (auto block : content) {
    dom::object b;
    if (block.get(b) != simdjson::SUCCESS)
      continue;
    if (!names.empty())
      names += ", ";
    auto type = string_or(b, "type", "?");
    names += for_log(type, 30);
    if (type == "tool_use")
      names += ":" + for_log(string_or(b, "name"), 60);
  }
  return names.empty() ? "none" : names;
}

} // namespace

model_reply parse_anthropic_response(std::string_view body, std::string_view tool_name) {
  model_reply out;
  dom::parser parser;
  dom::object root;
  if (auto err = parse(parser, body).get(root)) {
    out.error = fmt::format("response is not a JSON object ({})", simdjson::error_message(err));
    return out;
  }
  auto type = string_or(root, "type");
  if (type == "error")
    return error_reply(root);
  if (type != "message") {
    out.error = "response type is neither message nor error: \"" + for_log(type, 60) + "\"";
    return out;
  }
  read_usage(root, out);
  out.model = string_or(root, "model");
  if (auto why = not_a_string(root, "stop_reason"); !why.empty()) {
    out.error = why;
    return out;
  }
  out.stop_reason = string_or(root, "stop_reason");
  dom::array content;
  if (!get(root, "content", content)) {
    out.error = "message without a content array";
    return out;
  }
  out.status = reply_status::no_decision;
  if (out.stop_reason == "max_tokens" || out.stop_reason == "refusal") {
    out.error = "stop_reason " + out.stop_reason + ": no complete decision";
    return out;
  }
  for (auto block : content) {
    dom::object b;
    if (block.get(b) != simdjson::SUCCESS || string_or(b, "type") != "tool_use"
        || string_or(b, "name") != tool_name)
      continue;
    dom::object input;
    if (!get(b, "input", input)) {
      out.error = "tool_use input is not an object";
      return out;
    }
    out.input_json = simdjson::minify(input);
    out.status = reply_status::ok;
    return out;
  }
  out.error = fmt::format("no tool_use block named {} (stop_reason {}; blocks: {})", tool_name,
                          for_log(out.stop_reason, 40), describe_blocks(content));
  return out;
}

} // namespace tn
