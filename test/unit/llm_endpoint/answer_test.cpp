// The answers must be what the real APIs send: each is checked field by
// field and then read by our own response parsers.

#include "actors/agent/anthropic_wire.hpp"
#include "actors/agent/openai_wire.hpp"
#include "tools/llm-endpoint/answer.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>
#include <vector>

using namespace tn;
using namespace tn::llm;

namespace {

constexpr const char* hold = R"({"decisions":[],"next_check_seconds":900})";

llm_step decision_step() {
  llm_step s;
  s.decision_json = hold;
  s.usage = {100, 20, 30, 40};
  return s;
}

request_shape shape(bool tool_call = false, bool forced = false) {
  request_shape s;
  s.model = "m-1";
  s.tool_call = tool_call;
  s.forced_tool = forced;
  return s;
}

struct json {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  explicit json(const std::string& text) {
    REQUIRE(parser.parse(text).get(root) == simdjson::SUCCESS);
  }
  std::string str(std::string_view pointer) {
    std::string_view v;
    INFO(pointer);
    REQUIRE(root.at_pointer(pointer).get(v) == simdjson::SUCCESS);
    return std::string{v};
  }
  int64_t num(std::string_view pointer) {
    int64_t v = 0;
    INFO(pointer);
    REQUIRE(root.at_pointer(pointer).get(v) == simdjson::SUCCESS);
    return v;
  }
  bool is_null(std::string_view pointer) {
    simdjson::dom::element e;
    return root.at_pointer(pointer).get(e) == simdjson::SUCCESS && e.is_null();
  }
};

std::string header(const llm_answer& a, const std::string& name) {
  for (auto& [n, v] : a.headers)
    if (n == name)
      return v;
  return {};
}

} // namespace

TEST_CASE("Anthropic: a tool_use message with usage") {
  auto a = render_answer(api::anthropic, decision_step(), shape(), 7, 0);
  CHECK(a.status == 200);
  CHECK(header(a, "Content-Type") == "application/json");
  CHECK_FALSE(header(a, "request-id").empty());
  json j{a.body};
  CHECK(j.str("/type") == "message");
  CHECK(j.str("/role") == "assistant");
  CHECK(j.str("/model") == "m-1");
  CHECK(j.str("/stop_reason") == "tool_use");
  CHECK(j.is_null("/stop_sequence"));
  CHECK(j.str("/content/0/type") == "tool_use");
  CHECK(j.str("/content/0/name") == "submit_decision");
  CHECK(j.str("/content/0/id").rfind("toolu_", 0) == 0);
  CHECK(j.num("/content/0/input/next_check_seconds") == 900);
  CHECK(j.num("/usage/cache_read_input_tokens") == 40);

  auto r = parse_anthropic_response(a.body);
  CHECK(r.status == reply_status::ok);
  CHECK(r.input_json == hold);
  CHECK(r.usage.input_tokens == 100);
  CHECK(r.usage.output_tokens == 20);
  CHECK(r.usage.cache_creation_input_tokens == 30);
  CHECK(r.usage.cache_read_input_tokens == 40);
  CHECK(r.model == "m-1");
}

TEST_CASE("Anthropic: stop reasons, errors and refusals") {
  auto cut = decision_step();
  cut.stop_reason = "max_tokens";
  auto r = parse_anthropic_response(render_answer(api::anthropic, cut, shape(), 1, 0).body);
  CHECK(r.status == reply_status::no_decision);
  CHECK(r.stop_reason == "max_tokens");

  auto refused = decision_step();
  refused.stop_reason = "refusal";
  auto a = render_answer(api::anthropic, refused, shape(), 1, 0);
  CHECK(json{a.body}.str("/content/0/type") == "text");
  CHECK(parse_anthropic_response(a.body).status == reply_status::no_decision);

  llm_step err;
  err.body = step_body::error;
  err.status = 529;
  err.error_type = "overloaded_error";
  err.error_message = "Overloaded";
  auto e = render_answer(api::anthropic, err, shape(), 1, 0);
  CHECK(e.status == 529);
  json j{e.body};
  CHECK(j.str("/type") == "error");
  CHECK(j.str("/error/type") == "overloaded_error");
  CHECK(j.str("/error/message") == "Overloaded");
  CHECK(j.str("/request_id").rfind("req_", 0) == 0);
  auto er = parse_anthropic_response(e.body);
  CHECK(er.status == reply_status::api_error);
  CHECK(er.error_type == "overloaded_error");

  auto denied = render_refusal(api::anthropic, {401, "authentication_error", "invalid x-api-key"}, 3);
  CHECK(denied.status == 401);
  CHECK(parse_anthropic_response(denied.body).error_type == "authentication_error");
}

TEST_CASE("OpenAI: the decision in content for json_schema") {
  auto a = render_answer(api::openai, decision_step(), shape(), 5, 1714564800);
  json j{a.body};
  CHECK(j.str("/object") == "chat.completion");
  CHECK(j.num("/created") == 1714564800);
  CHECK(j.str("/choices/0/message/role") == "assistant");
  CHECK(j.str("/choices/0/message/content") == hold);
  CHECK(j.str("/choices/0/finish_reason") == "stop");
  CHECK(j.num("/usage/prompt_tokens") == 140);
  CHECK(j.num("/usage/completion_tokens") == 20);
  CHECK(j.num("/usage/total_tokens") == 160);
  CHECK(j.num("/usage/prompt_tokens_details/cached_tokens") == 40);

  auto r = parse_openai_response(a.body);
  CHECK(r.status == reply_status::ok);
  CHECK(r.input_json == hold);
  CHECK(r.usage.input_tokens == 100);
  CHECK(r.usage.cache_read_input_tokens == 40);
  CHECK(r.usage.output_tokens == 20);
}

TEST_CASE("OpenAI: tool_calls when the request offered tools") {
  auto forced = render_answer(api::openai, decision_step(), shape(true, true), 5, 0);
  json j{forced.body};
  CHECK(j.is_null("/choices/0/message/content"));
  CHECK(j.str("/choices/0/message/tool_calls/0/type") == "function");
  CHECK(j.str("/choices/0/message/tool_calls/0/function/name") == "submit_decision");
  CHECK(j.str("/choices/0/message/tool_calls/0/function/arguments") == hold);
  CHECK(j.str("/choices/0/finish_reason") == "stop");
  auto r = parse_openai_response(forced.body);
  CHECK(r.status == reply_status::ok);
  CHECK(r.input_json == hold);

  auto free_choice = render_answer(api::openai, decision_step(), shape(true, false), 5, 0);
  CHECK(json{free_choice.body}.str("/choices/0/finish_reason") == "tool_calls");
}

TEST_CASE("OpenAI: length, refusal and the error envelope") {
  auto cut = decision_step();
  cut.stop_reason = "length";
  auto r = parse_openai_response(render_answer(api::openai, cut, shape(), 1, 0).body);
  CHECK(r.status == reply_status::no_decision);
  CHECK(r.stop_reason == "length");

  auto refused = decision_step();
  refused.stop_reason = "refusal";
  auto rr = parse_openai_response(render_answer(api::openai, refused, shape(), 1, 0).body);
  CHECK(rr.status == reply_status::no_decision);
  CHECK_THAT(rr.error, Catch::Contains("refusal"));

  llm_step err;
  err.body = step_body::error;
  err.status = 429;
  err.error_type = "rate_limit_error";
  err.error_message = "slow down";
  auto e = render_answer(api::openai, err, shape(), 1, 0);
  json j{e.body};
  CHECK(j.str("/error/type") == "rate_limit_error");
  CHECK(j.str("/error/message") == "slow down");
  CHECK(j.is_null("/error/code"));
  auto er = parse_openai_response(e.body);
  CHECK(er.status == reply_status::api_error);
  CHECK(er.error_type == "rate_limit_error");
}

TEST_CASE("raw bodies, truncation and scripted headers") {
  llm_step raw;
  raw.body = step_body::raw;
  raw.raw = "<html>oops";
  raw.status = 502;
  raw.headers = {{"content-type", "text/html"}, {"retry-after", "2"}};
  auto a = render_answer(api::anthropic, raw, shape(), 1, 0);
  CHECK(a.status == 502);
  CHECK(a.body == "<html>oops");
  CHECK(header(a, "content-type") == "text/html");
  CHECK(header(a, "Content-Type").empty()); // replaced, not doubled
  CHECK(header(a, "retry-after") == "2");

  auto cut = decision_step();
  cut.truncate_at = 25;
  auto full = render_answer(api::anthropic, decision_step(), shape(), 1, 0).body;
  auto t = render_answer(api::anthropic, cut, shape(), 1, 0).body;
  CHECK(t == full.substr(0, 25));
  CHECK(parse_anthropic_response(t).status == reply_status::malformed);

  cut.truncate_at = 1u << 20; // beyond the end: unchanged
  CHECK(render_answer(api::anthropic, cut, shape(), 1, 0).body == full);
}

TEST_CASE("Anthropic: a streamed request gets the message as server-sent events") {
  // Claude Code always sends "stream": true; before, the endpoint answered
  // with a plain message, which the CLI could not read.
  auto streamed = shape();
  streamed.stream = true;
  streamed.tool_name = "StructuredOutput";
  auto a = render_answer(api::anthropic, decision_step(), streamed, 9, 0);
  CHECK(a.status == 200);
  CHECK(header(a, "Content-Type") == "text/event-stream");
  // Each event: "event: <type>\ndata: <json>\n\n", data naming the same type.
  std::vector<std::string> types;
  std::string input;
  size_t pos = 0;
  while (pos < a.body.size()) {
    auto end = a.body.find("\n\n", pos);
    REQUIRE(end != std::string::npos);
    auto event = a.body.substr(pos, end - pos);
    pos = end + 2;
    auto nl = event.find('\n');
    REQUIRE(nl != std::string::npos);
    REQUIRE(event.rfind("event: ", 0) == 0);
    REQUIRE(event.compare(nl + 1, 6, "data: ") == 0);
    auto type = event.substr(7, nl - 7);
    json data{event.substr(nl + 7)};
    CHECK(data.str("/type") == type);
    types.push_back(type);
    if (type == "message_start") {
      CHECK(data.str("/message/model") == "m-1");
      CHECK(data.is_null("/message/stop_reason"));
      CHECK(data.num("/message/usage/input_tokens") == 100);
      CHECK(data.num("/message/usage/cache_read_input_tokens") == 40);
    } else if (type == "content_block_start") {
      CHECK(data.str("/content_block/type") == "tool_use");
      CHECK(data.str("/content_block/name") == "StructuredOutput");
    } else if (type == "content_block_delta") {
      CHECK(data.str("/delta/type") == "input_json_delta");
      input += data.str("/delta/partial_json");
    } else if (type == "message_delta") {
      CHECK(data.str("/delta/stop_reason") == "tool_use");
      CHECK(data.num("/usage/output_tokens") == 20);
    }
  }
  CHECK(types
        == std::vector<std::string>{"message_start", "content_block_start", "ping",
                                    "content_block_delta", "content_block_delta",
                                    "content_block_stop", "message_delta", "message_stop"});
  CHECK(input == hold);

  auto refused = decision_step();
  refused.stop_reason = "refusal";
  auto r = render_answer(api::anthropic, refused, streamed, 9, 0);
  CHECK_THAT(r.body, Catch::Contains(R"("type":"text_delta")")
                       && Catch::Contains(R"("stop_reason":"refusal")"));

  llm_step err; // errors come before any stream, as plain JSON
  err.body = step_body::error;
  err.status = 529;
  err.error_type = "overloaded_error";
  auto e = render_answer(api::anthropic, err, streamed, 9, 0);
  CHECK(header(e, "Content-Type") == "application/json");
  CHECK(json{e.body}.str("/error/type") == "overloaded_error");
}
