#include "actors/agent/openai_wire.hpp"

#include "test/unit/agent/agent_test_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::test;

namespace {

// What Ollama's /v1/chat/completions answers with response_format
// json_schema: the decision is a JSON document inside the content string.
const char* content_reply = R"({"id":"chatcmpl-123","object":"chat.completion","created":1718000000,
  "model":"qwen2.5:7b","system_fingerprint":"fp_ollama",
  "choices":[{"index":0,"message":{"role":"assistant",
    "content":"{\"decisions\":[{\"symbol\":\"ETHUSDT\",\"action\":\"SELL\",\"position_pct\":0,\"signals\":[]}],\"next_check_seconds\":900,\"wake_conditions\":[],\"memory_update\":\"\",\"reasoning\":\"Momentum faded.\"}"},
    "finish_reason":"stop"}],
  "usage":{"prompt_tokens":1200,"completion_tokens":80,"total_tokens":1280,
           "prompt_tokens_details":{"cached_tokens":1024}}})";

const char* tool_reply = R"({"id":"chatcmpl-9","object":"chat.completion","model":"llama3.1",
  "choices":[{"index":0,"message":{"role":"assistant","content":null,
    "tool_calls":[{"id":"call_1","type":"function","function":{"name":"submit_decision",
      "arguments":"{\"decisions\":[],\"next_check_seconds\":600,\"wake_conditions\":[],\"memory_update\":\"\",\"reasoning\":\"flat\"}"}}]},
    "finish_reason":"tool_calls"}],
  "usage":{"prompt_tokens":300,"completion_tokens":40,"total_tokens":340}})";

} // namespace

TEST_CASE("OpenAI-compatible: the content string is the decision input") {
  auto r = parse_openai_response(content_reply);
  REQUIRE(r.status == reply_status::ok);
  CHECK(r.model == "qwen2.5:7b");
  CHECK(r.stop_reason == "stop");
  CHECK(r.usage.input_tokens == 176);
  CHECK(r.usage.cache_read_input_tokens == 1024);
  CHECK(r.usage.output_tokens == 80);
  parsed_json input{r.input_json};
  REQUIRE(input.error == simdjson::SUCCESS);
  CHECK(str(input.root["decisions"].at(0)["action"]) == "SELL");
}

TEST_CASE("OpenAI-compatible: a forced tool call's arguments are the decision input") {
  auto r = parse_openai_response(tool_reply);
  REQUIRE(r.status == reply_status::ok);
  CHECK(r.usage.input_tokens == 300);
  CHECK(r.usage.cache_read_input_tokens == 0);
  parsed_json input{r.input_json};
  CHECK(input.root["next_check_seconds"].get_int64().value() == 600);

  // Some servers send the arguments as an object.
  auto as_object = R"({"choices":[{"message":{"tool_calls":[{"function":{"name":"submit_decision",
    "arguments":{"decisions":[]}}}]},"finish_reason":"tool_calls"}]})";
  r = parse_openai_response(as_object);
  CHECK(r.status == reply_status::ok);
  CHECK(r.input_json == R"({"decisions":[]})");
}

TEST_CASE("OpenAI-compatible: a tool call with another name is not the decision") {
  auto body = R"({"choices":[{"message":{"content":null,"tool_calls":[{"function":{"name":"get_weather",
    "arguments":"{}"}}]},"finish_reason":"tool_calls"}]})";
  auto r = parse_openai_response(body);
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("submit_decision"));
}

TEST_CASE("OpenAI-compatible: error bodies, object or string") {
  auto r = parse_openai_response(
    R"({"error":{"message":"model \"qwen9\" not found, try pulling it first","type":"api_error","param":null,"code":null}})");
  CHECK(r.status == reply_status::api_error);
  CHECK(r.error_type == "api_error");
  CHECK_THAT(r.error, Catch::Contains("not found"));
  r = parse_openai_response(R"({"error":"llama runner process has terminated"})");
  CHECK(r.status == reply_status::api_error);
  CHECK_THAT(r.error, Catch::Contains("terminated"));
}

TEST_CASE("OpenAI-compatible: content that is not a JSON object is malformed") {
  for (auto content : {R"(Sure! Here is my decision: BUY)", R"([1,2,3])", R"({\"decisions\":[)"}) {
    auto body = std::string{R"({"choices":[{"message":{"role":"assistant","content":")"} + content
                + R"("},"finish_reason":"stop"}]})";
    INFO(body);
    auto r = parse_openai_response(body);
    CHECK(r.status == reply_status::malformed);
    CHECK_THAT(r.error, Catch::Contains("message content is not a JSON object"));
  }
}

TEST_CASE("OpenAI-compatible: cut off, empty, refused, truncated or garbage") {
  auto cut = R"({"choices":[{"message":{"content":"{\"decisions\":["},"finish_reason":"length"}],
    "usage":{"prompt_tokens":10,"completion_tokens":2048}})";
  auto r = parse_openai_response(cut);
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("length"));
  CHECK(r.usage.output_tokens == 2048);

  r = parse_openai_response(R"({"choices":[]})");
  CHECK(r.status == reply_status::malformed);
  r = parse_openai_response(R"({"choices":[{"message":{"content":"","refusal":"I can't help with trading."}}]})");
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("refusal"));
  std::string body = content_reply;
  CHECK(parse_openai_response(body.substr(0, 100)).status == reply_status::malformed);
  CHECK(parse_openai_response("\x01\x02garbage").status == reply_status::malformed);
}

TEST_CASE("OpenAI-compatible: usage that cannot be read is named, never silently 0") {
  std::string text = tool_reply;
  auto broken = text.replace(text.find(R"("completion_tokens":40)"), 22,
                             R"("completion_tokens":"40")");
  auto r = parse_openai_response(broken);
  CHECK(r.status == reply_status::ok);
  CHECK(r.usage_problem == "usage.completion_tokens has type string, not a count");
  std::string none = tool_reply;
  none = none.substr(0, none.find(R"(,
  "usage")")) + "}";
  CHECK(parse_openai_response(none).usage_problem == "no usage in the answer");
  CHECK(parse_openai_response(tool_reply).usage_problem.empty());
}

TEST_CASE("OpenAI-compatible: finish_reason of the wrong type is a malformed answer") {
  std::string text = tool_reply;
  auto broken = text.replace(text.find(R"("finish_reason":"tool_calls")"), 28,
                             R"("finish_reason":["tool_calls"])");
  auto r = parse_openai_response(broken);
  CHECK(r.status == reply_status::malformed);
  CHECK(r.error == "finish_reason has type array, not string");
  CHECK(r.usage.output_tokens == 40);
}
