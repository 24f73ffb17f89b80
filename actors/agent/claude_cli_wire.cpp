#include "actors/agent/claude_cli_wire.hpp"

#include "runtime/json/json_read.hpp"

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
  a.insert(a.end(), {"--system-prompt", req.system_prompt, "--tools", "", "--setting-sources", "",
                     "--no-session-persistence"});
  out.env_settings = {"CLAUDE_CODE_MAX_RETRIES=" + std::to_string(cli_max_retries),
                      "CLAUDE_CODE_DISABLE_CLAUDE_MDS=1",
                      "CLAUDE_CODE_DISABLE_AUTO_MEMORY=1",
                      "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
                      "DISABLE_AUTOUPDATER=1",
                      "DISABLE_TELEMETRY=1",
                      "DISABLE_ERROR_REPORTING=1"};
  return out;
}

cli_credential choose_cli_credential(const std::vector<std::string>& names,
                                     const env_reader& lookup) {
  cli_credential out;
  for (auto& name : names) {
    auto value = lookup(name);
    if (value.empty())
      continue;
    bool oauth = name == "CLAUDE_CODE_OAUTH_TOKEN"
                 || (name != "ANTHROPIC_API_KEY" && value.rfind("sk-ant-oat", 0) == 0);
    if (!out.source.empty() && (out.oauth || !oauth))
      continue;
    out.source = name;
    out.oauth = oauth;
    out.env = (oauth ? "CLAUDE_CODE_OAUTH_TOKEN=" : "ANTHROPIC_API_KEY=") + value;
  }
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

// modelUsage: {"claude-opus-4-8[1m]": {"costUSD": ..}, ...}; the CLI may
// have used a small model on the side, so the costliest one is the model.
std::string main_model(const dom::object& result) {
  dom::object models;
  if (!get(result, "modelUsage", models))
    return {};
  std::string best;
  double best_cost = -1;
  for (auto [name, entry] : models) {
    dom::object e;
    double cost = 0;
    if (entry.get(e) == simdjson::SUCCESS)
      get(e, "costUSD", cost);
    if (cost > best_cost) {
      best.assign(name);
      best_cost = cost;
    }
  }
  return best;
}

// What the CLI says went wrong: the errors array of an error_* subtype,
// else the result text.
std::string what_failed(const dom::object& result) {
  std::string text;
  dom::array errors;
  if (get(result, "errors", errors))
    for (auto e : errors) {
      std::string_view line;
      if (e.get(line) == simdjson::SUCCESS)
        text += (text.empty() ? "" : "; ") + std::string{line};
    }
  return text.empty() ? string_or(result, "result") : text;
}

bool says(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// The API's own error type for a status the CLI passes on. Without one
// (null) only its text tells: no credential at all ("Not logged in"), or
// its own retries used up ("Repeated 529 Overloaded errors").
std::string api_error_type(int64_t status, std::string_view text) {
  switch (status) {
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 429: return "rate_limit_error";
    case 529: return "overloaded_error";
    case 0:
      if (says(text, "Not logged in") || says(text, "Invalid API key"))
        return "authentication_error";
      if (says(text, " 529 ") || says(text, "Overloaded"))
        return "overloaded_error";
      if (says(text, " 429 ") || says(text, "ate limit"))
        return "rate_limit_error";
      return "error";
    default: return fmt::format("http_{}", status);
  }
}

// No answer from the API at all ("API Error: Unable to connect to API: SSL
// certificate verification failed", "Connection error", "Request timed out").
bool unreachable(const dom::object& result) {
  int64_t status = 0;
  if (get(result, "api_error_status", status))
    return false;
  auto text = string_or(result, "result");
  return says(text, "Unable to connect") || says(text, "Connection error")
         || says(text, "timed out");
}

model_reply failure(model_reply out, const dom::object& result, const std::string& subtype) {
  auto why = for_log(what_failed(result));
  if (subtype == "error_max_turns") {
    out.status = reply_status::no_decision;
    out.error = fmt::format("no structured answer within the turn limit (agent.cli_max_turns, "
                            "{} turn(s) taken): {}",
                            count_or_zero(result, "num_turns"), why);
  } else if (subtype == "error_max_structured_output_retries") {
    out.status = reply_status::no_decision;
    out.error = "the model's answer kept failing the decision schema: " + why;
  } else if (string_or(result, "stop_reason") == "refusal") {
    out.status = reply_status::no_decision;
    out.error = "the model refused: " + why;
  } else if (unreachable(result)) {
    out.status = reply_status::unavailable;
    out.error = "the CLI could not reach the API: " + why;
  } else {
    int64_t status = 0; // null when no API request was made
    get(result, "api_error_status", status);
    out.status = reply_status::api_error;
    out.error_type = subtype == "success" ? api_error_type(status, why) : subtype;
    out.error = fmt::format("{}: {}", for_log(out.error_type, 60), why);
  }
  return out;
}

model_reply from_result(const dom::object& result) {
  model_reply out;
  read_usage(result, out);
  out.model = main_model(result);
  auto subtype = string_or(result, "subtype");
  out.stop_reason = subtype;
  bool is_error = false;
  get(result, "is_error", is_error);
  if (is_error || subtype != "success")
    return failure(std::move(out), result, subtype);
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
