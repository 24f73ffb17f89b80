#include "actors/agent/anthropic_wire.hpp"

#include "test/unit/agent/agent_test_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::test;

namespace {

// A /v1/messages answer to a forced tool call, shaped as PROTOCOLS.md
// describes: id, type, role, content blocks, model, stop_reason, usage.
const std::string success = R"({
  "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
  "type": "message",
  "role": "assistant",
  "model": "claude-sonnet-4-5-20250929",
  "content": [
    {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "submit_decision",
     "input": {"decisions": [{"symbol": "BTCUSDT", "action": "BUY", "position_pct": 0.25,
                              "signals": [{"name": "trend", "direction": "bullish", "confidence": 0.7}]}],
               "next_check_seconds": 3600,
               "wake_conditions": [{"symbol": "BTCUSDT", "metric": "price", "operator": "<", "threshold": 41000.5}],
               "memory_update": "Entered BTC on breakout.",
               "reasoning": "Breakout above the 4h range with rising volume."}}
  ],
  "stop_reason": "tool_use",
  "stop_sequence": null,
  "usage": {"input_tokens": 812, "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 2304, "output_tokens": 143,
            "service_tier": "standard"}
})";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

} // namespace

TEST_CASE("Anthropic success: the tool input, usage, model and stop reason") {
  auto r = parse_anthropic_response(success);
  REQUIRE(r.status == reply_status::ok);
  CHECK(r.error.empty());
  CHECK(r.model == "claude-sonnet-4-5-20250929");
  CHECK(r.stop_reason == "tool_use");
  CHECK(r.usage.input_tokens == 812);
  CHECK(r.usage.output_tokens == 143);
  CHECK(r.usage.cache_creation_input_tokens == 0);
  CHECK(r.usage.cache_read_input_tokens == 2304);
  CHECK_FALSE(r.reported_cost_usd);
  parsed_json input{r.input_json};
  REQUIRE(input.error == simdjson::SUCCESS);
  CHECK(input.root["next_check_seconds"].get_int64().value() == 3600);
  CHECK(str(input.root["decisions"].at(0)["symbol"]) == "BTCUSDT");
  CHECK(r.input_json.find('\n') == std::string::npos); // compact
}

TEST_CASE("Anthropic: a text block before the tool call is skipped") {
  auto body = replace(success, R"("content": [)",
                      R"("content": [{"type": "text", "text": "Let me decide."},)");
  auto r = parse_anthropic_response(body);
  CHECK(r.status == reply_status::ok);
}

TEST_CASE("Anthropic error bodies become api_error with type and message") {
  auto r = parse_anthropic_response(
    R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"})");
  CHECK(r.status == reply_status::api_error);
  CHECK(r.error_type == "overloaded_error");
  CHECK(r.error == "overloaded_error: Overloaded");
  r = parse_anthropic_response(
    R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}})");
  CHECK(r.error_type == "rate_limit_error");
  r = parse_anthropic_response(R"({"type":"error"})");
  CHECK(r.status == reply_status::malformed);
}

TEST_CASE("Anthropic: truncated JSON, garbage and an HTML error page are malformed") {
  for (auto body : {success.substr(0, success.size() / 2), std::string{"garbage"},
                    std::string{"<html><body>502 Bad Gateway</body></html>"}, std::string{},
                    std::string{"[1,2]"}, std::string{R"({"type":"completion"})"}}) {
    INFO(body);
    auto r = parse_anthropic_response(body);
    CHECK(r.status == reply_status::malformed);
    CHECK_FALSE(r.error.empty());
    CHECK(r.input_json.empty());
  }
}

TEST_CASE("Anthropic: no tool_use block, or one with another name, is no decision") {
  auto text_only = R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
    "content":[{"type":"text","text":"I think you should BUY BTCUSDT."}],
    "stop_reason":"end_turn","stop_sequence":null,
    "usage":{"input_tokens":90,"output_tokens":12}})";
  auto r = parse_anthropic_response(text_only);
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("no tool_use block named submit_decision")
                        && Catch::Contains("end_turn") && Catch::Contains("text"));
  CHECK(r.usage.input_tokens == 90); // still billed
  CHECK(r.usage.cache_read_input_tokens == 0);

  auto other = replace(success, R"("name": "submit_decision")", R"("name": "place_order")");
  r = parse_anthropic_response(other);
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("tool_use:place_order"));
}

TEST_CASE("Anthropic: a stop at max_tokens or a refusal is no decision even with a tool block") {
  auto cut = replace(success, R"("stop_reason": "tool_use")", R"("stop_reason": "max_tokens")");
  auto r = parse_anthropic_response(cut);
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("max_tokens"));
  auto refusal = replace(success, R"("stop_reason": "tool_use")", R"("stop_reason": "refusal")");
  CHECK(parse_anthropic_response(refusal).status == reply_status::no_decision);
}

TEST_CASE("Anthropic: a tool input that is not an object is refused") {
  auto body = R"({"type":"message","content":[{"type":"tool_use","name":"submit_decision","input":"BUY"}],
    "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}})";
  auto r = parse_anthropic_response(body);
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("not an object"));
}

TEST_CASE("Anthropic: control characters in an error message cannot forge log lines") {
  auto r = parse_anthropic_response(
    R"({"type":"error","error":{"type":"api_error","message":"boom\n2024-01-01 INFO all good"}})");
  CHECK(r.error.find('\n') == std::string::npos);
  CHECK_THAT(r.error, Catch::Contains("boom\\n2024"));
}

TEST_CASE("Anthropic usage that cannot be read is named, never silently 0") {
  struct row {
    std::string from, to, problem;
  };
  auto r = GENERATE(
    row{R"("input_tokens": 812)", R"("input_tokens": "812")",
        "usage.input_tokens has type string, not a count"},
    row{R"("output_tokens": 143)", R"("output_tokens": -143)",
        "usage.output_tokens is negative (-143)"},
    row{R"("output_tokens": 143)", R"("output_tokens": 14.3)",
        "usage.output_tokens has type number, not a count"},
    row{R"("usage": {)", R"("usage_gone": {)", "no usage in the answer"});
  INFO(r.to);
  auto reply = parse_anthropic_response(replace(success, r.from, r.to));
  CHECK(reply.status == reply_status::ok); // the decision itself is fine
  CHECK(reply.usage_problem == r.problem);
  CHECK(parse_anthropic_response(success).usage_problem.empty());
}

TEST_CASE("Anthropic stop_reason of the wrong type is a malformed answer") {
  auto r = parse_anthropic_response(
    replace(success, R"("stop_reason": "tool_use")", R"("stop_reason": 5)"));
  CHECK(r.status == reply_status::malformed);
  CHECK(r.error == "stop_reason has type integer, not string");
  CHECK(r.usage.input_tokens == 812); // still billed
  CHECK(parse_anthropic_response(
          replace(success, R"("stop_reason": "tool_use")", R"("stop_reason": null)"))
          .status
        == reply_status::ok);
}
