#include "actors/agent/openai_wire.hpp"

#include "actors/agent/decision_schema.hpp"
#include "runtime/json/json_read.hpp"
#include "runtime/json/json_writer.hpp"

#include <fmt/format.h>

namespace tn {

namespace dom = simdjson::dom;
using namespace json_read;

std::string openai_request_body(const openai_request& req) {
  json_writer w;
  w.begin_object();
  w.key("model").value(req.model);
  w.key("max_tokens").value(req.max_tokens);
  if (req.temperature)
    w.key("temperature").value(*req.temperature);
  w.key("stream").value(false);
  w.key("messages").begin_array();
  w.begin_object().key("role").value("system").key("content").value(req.system_prompt).end_object();
  w.begin_object().key("role").value("user").key("content").value(req.user_prompt).end_object();
  w.end_array();
  if (req.mode == openai_output_mode::json_schema) {
    w.key("response_format").begin_object().key("type").value("json_schema");
    w.key("json_schema").begin_object();
    w.key("name").value(decision_tool_name).key("strict").value(true).key("schema").raw(req.schema);
    w.end_object().end_object();
  } else {
    w.key("tools").begin_array().begin_object().key("type").value("function");
    w.key("function").begin_object();
    w.key("name").value(decision_tool_name);
    w.key("description").value(decision_tool_description());
    w.key("parameters").raw(req.schema).key("strict").value(true);
    w.end_object().end_object().end_array();
    w.key("tool_choice").begin_object().key("type").value("function");
    w.key("function").begin_object().key("name").value(decision_tool_name).end_object();
    w.end_object();
  }
  w.end_object();
  return w.take();
}

namespace {

void read_usage(const dom::object& root, model_reply& out) {
  uint64_t prompt = 0;
  out.usage_problem = read_usage_counts(root, "usage",
                                        {{"prompt_tokens", &prompt, true},
                                         {"completion_tokens", &out.usage.output_tokens, true}});
  uint64_t cached = 0;
  dom::object u, details;
  if (get(root, "usage", u) && get(u, "prompt_tokens_details", details))
    cached = std::min(count_or_zero(details, "cached_tokens"), prompt);
  out.usage.input_tokens = prompt - cached;
  out.usage.cache_read_input_tokens = cached;
}

model_reply error_reply(const dom::element& err) {
  model_reply out;
  out.status = reply_status::api_error;
  std::string_view text;
  dom::object obj;
  if (err.get(text) == simdjson::SUCCESS) {
    out.error_type = "error";
    out.error = for_log(text);
  } else if (err.get(obj) == simdjson::SUCCESS) {
    out.error_type = string_or(obj, "type", "error");
    out.error = fmt::format("{}: {}", for_log(out.error_type, 60),
                            for_log(string_or(obj, "message")));
  } else {
    out.status = reply_status::malformed;
    out.error = "error member is neither a string nor an object";
  }
  return out;
}

// The decision input is JSON inside a JSON string; it must be an object.
bool embedded_object(std::string_view text, model_reply& out, const char* where) {
  dom::parser parser;
  dom::object input;
  if (auto err = parse(parser, text).get(input)) {
    out.status = reply_status::malformed;
    out.error = fmt::format("{} is not a JSON object ({}): {}", where,
                            simdjson::error_message(err), for_log(text, 120));
    return false;
  }
  out.input_json = simdjson::minify(input);
  out.status = reply_status::ok;
  return true;
}

} // namespace

model_reply parse_openai_response(std::string_view body, std::string_view tool_name) {
  model_reply out;
  dom::parser parser;
  dom::object root;
  if (auto err = parse(parser, body).get(root)) {
    out.error = fmt::format("response is not a JSON object ({})", simdjson::error_message(err));
    return out;
  }
  dom::element err;
  if (root["error"].get(err) == simdjson::SUCCESS && !err.is_null())
    return error_reply(err);
  read_usage(root, out);
  out.model = string_or(root, "model");
  dom::array choices;
  dom::object choice, message;
  if (!get(root, "choices", choices) || choices.size() == 0
      || choices.at(0).get(choice) != simdjson::SUCCESS || !get(choice, "message", message)) {
    out.error = "response without choices[0].message";
    return out;
  }
  if (auto why = not_a_string(choice, "finish_reason"); !why.empty()) {
    out.error = why;
    return out;
  }
  out.stop_reason = string_or(choice, "finish_reason");
  out.status = reply_status::no_decision;
  if (out.stop_reason == "length") {
    out.error = "finish_reason length: the answer was cut off";
    return out;
  }
  dom::array calls;
  if (get(message, "tool_calls", calls)) {
    for (auto call : calls) {
      dom::object fn, args_object;
      std::string_view args;
      if (call["function"].get(fn) != simdjson::SUCCESS || string_or(fn, "name") != tool_name)
        continue;
      if (get(fn, "arguments", args)) {
        embedded_object(args, out, "tool call arguments");
      } else if (get(fn, "arguments", args_object)) {
        // Some servers send the arguments as an object rather than a string.
        out.input_json = simdjson::minify(args_object);
        out.status = reply_status::ok;
      } else {
        out.status = reply_status::malformed;
        out.error = "tool call arguments are neither a string nor an object";
      }
      return out;
    }
  }
  std::string_view content;
  if (get(message, "content", content) && !content.empty()) {
    embedded_object(content, out, "message content");
    return out;
  }
  std::string_view refusal;
  if (get(message, "refusal", refusal))
    out.error = "refusal: " + for_log(refusal);
  else
    out.error = fmt::format("no content and no tool call named {}", tool_name);
  return out;
}

} // namespace tn
