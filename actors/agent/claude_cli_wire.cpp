#include "actors/agent/claude_cli_wire.hpp"

#include "actors/agent/json_read.hpp"

#include <fmt/format.h>

namespace tn {

namespace dom = simdjson::dom;
using namespace json_read;

std::string check(const claude_cli_request& req) {
  if (req.executable.empty())
    return "no executable";
  if (req.max_turns < 1)
    return "max_turns must be at least 1";
  if (req.system_prompt.size() > max_cli_argument)
    return fmt::format("system prompt of {} bytes exceeds one argument ({} bytes)",
                       req.system_prompt.size(), max_cli_argument);
  if (req.schema.size() > max_cli_argument)
    return "schema exceeds one argument";
  return {};
}

cli_invocation claude_cli_invocation(const claude_cli_request& req) {
  cli_invocation out;
  auto& a = out.argv;
  a = {req.executable, "-p"};
  if (req.user_prompt.size() <= max_cli_argument)
    a.push_back(req.user_prompt);
  else
    out.stdin_text = req.user_prompt;
  if (req.stream_json)
    a.insert(a.end(), {"--output-format", "stream-json", "--verbose"});
  else
    a.insert(a.end(), {"--output-format", "json"});
  a.insert(a.end(), {"--json-schema", req.schema, "--max-turns", std::to_string(req.max_turns)});
  if (!req.model.empty())
    a.insert(a.end(), {"--model", req.model});
  a.insert(a.end(), {"--system-prompt", req.system_prompt, "--tools", ""});
  out.env_passthrough = {"CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY", "HOME", "PATH"};
  return out;
}

namespace {

void read_usage(const dom::object& result, model_reply& out) {
  dom::object u;
  if (get(result, "usage", u)) {
    out.usage.input_tokens = count_or_zero(u, "input_tokens");
    out.usage.output_tokens = count_or_zero(u, "output_tokens");
    out.usage.cache_creation_input_tokens = count_or_zero(u, "cache_creation_input_tokens");
    out.usage.cache_read_input_tokens = count_or_zero(u, "cache_read_input_tokens");
  }
  double cost = 0;
  if (get(result, "total_cost_usd", cost))
    out.reported_cost_usd = cost;
}

model_reply from_result(const dom::object& result) {
  model_reply out;
  read_usage(result, out);
  out.stop_reason = string_or(result, "subtype");
  bool is_error = false;
  get(result, "is_error", is_error);
  if (is_error || out.stop_reason != "success") {
    out.status = reply_status::api_error;
    out.error_type = out.stop_reason.empty() ? "error" : out.stop_reason;
    out.error = fmt::format("{}: {}", for_log(out.error_type, 60),
                            for_log(string_or(result, "result")));
    return out;
  }
  dom::object structured;
  if (get(result, "structured_output", structured)) {
    out.input_json = simdjson::minify(structured);
    out.status = reply_status::ok;
    return out;
  }
  // Without structured_output, the result text itself may be the object.
  std::string_view text;
  if (get(result, "result", text)) {
    dom::parser parser;
    dom::object input;
    if (parse(parser, text).get(input) == simdjson::SUCCESS) {
      out.input_json = simdjson::minify(input);
      out.status = reply_status::ok;
      return out;
    }
  }
  out.status = reply_status::no_decision;
  out.error = "result without structured_output: " + for_log(text, 120);
  return out;
}

bool is_result(const dom::element& message, dom::object& out) {
  return message.get(out) == simdjson::SUCCESS && string_or(out, "type") == "result";
}

model_reply no_result(std::string why) {
  model_reply out;
  out.error = std::move(why);
  return out;
}

} // namespace

model_reply parse_claude_cli_output(std::string_view output) {
  dom::parser parser;
  dom::element whole;
  if (parse(parser, output).get(whole) == simdjson::SUCCESS) {
    dom::object result;
    if (is_result(whole, result))
      return from_result(result);
    dom::array messages;
    if (whole.get(messages) == simdjson::SUCCESS) {
      for (auto message : messages)
        if (is_result(message, result))
          return from_result(result);
      return no_result("no result message among " + std::to_string(messages.size()));
    }
    // A single non-result message: a stream cut short after its first line.
    return no_result("output ended before the result message");
  }
  // stream-json: one message per line. A line that does not parse means
  // the stream was cut or corrupted; anything after it is not trusted.
  size_t lines = 0;
  for (size_t pos = 0; pos < output.size();) {
    auto end = output.find('\n', pos);
    if (end == std::string_view::npos)
      end = output.size();
    auto line = output.substr(pos, end - pos);
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos)
      continue;
    ++lines;
    dom::element message;
    if (auto err = parse(parser, line).get(message))
      return no_result(
        fmt::format("line {} is not JSON ({})", lines, simdjson::error_message(err)));
    dom::object result;
    if (is_result(message, result))
      return from_result(result);
  }
  return no_result(lines == 0 ? "empty output"
                              : "output ended before the result message");
}

} // namespace tn
