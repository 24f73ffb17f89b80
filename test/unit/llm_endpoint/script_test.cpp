#include "actors/agent/decision_validate.hpp"
#include "tools/llm-endpoint/script.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::llm;

namespace {

llm_step parsed(std::string_view json) {
  llm_step s;
  std::string error;
  INFO(json);
  REQUIRE(parse_step(json, s, error));
  CHECK(error.empty());
  return s;
}

std::string refusal_of(std::string_view json) {
  llm_step s;
  std::string error;
  CHECK_FALSE(parse_step(json, s, error));
  return error;
}

decision_limits default_limits() {
  decision_limits lim;
  lim.symbols = {"BTCUSDT"};
  return lim;
}

} // namespace

TEST_CASE("the default decision is a HOLD that passes validation") {
  auto d = validate_decision(default_decision_json(), default_limits());
  CHECK_FALSE(d.validation.whole_rejected);
  CHECK(d.validation.rejected.empty());
  CHECK(d.validation.adjusted.empty());
  CHECK(d.decisions.empty());
  CHECK(d.wake_conditions.empty());
  CHECK(d.next_check_seconds == 3600);
  CHECK(d.memory_update.empty());
  CHECK_FALSE(d.reasoning.empty());
  auto s = default_step();
  CHECK(s.status == 200);
  CHECK(s.body == step_body::decision);
  CHECK(s.decision_json == default_decision_json());
}

TEST_CASE("an empty step answers the default decision") {
  auto s = parsed("{}");
  CHECK(s.status == 200);
  CHECK(s.body == step_body::decision);
  CHECK(s.decision_json == default_decision_json());
  CHECK(s.repeat == 1);
  CHECK(s.delay_ms == 0);
  CHECK_FALSE(s.truncate_at);
  CHECK(s.headers.empty());
}

TEST_CASE("a full decision step keeps every member") {
  auto s = parsed(R"({"status":200,"headers":{"retry-after-ms":"200","x-n":7},"delay_ms":150,
    "decision":{ "decisions" : [], "next_check_seconds": 600},
    "usage":{"input_tokens":10,"output_tokens":20,"cache_creation_input_tokens":30,
             "cache_read_input_tokens":40},
    "stop_reason":"max_tokens","truncate_at":12,"repeat":3})");
  CHECK(s.body == step_body::decision);
  CHECK(s.decision_json == R"({"decisions":[],"next_check_seconds":600})");
  REQUIRE(s.headers.size() == 2);
  CHECK(s.headers[0] == std::pair<std::string, std::string>{"retry-after-ms", "200"});
  CHECK(s.headers[1] == std::pair<std::string, std::string>{"x-n", "7"});
  CHECK(s.delay_ms == 150);
  CHECK(s.usage.input_tokens == 10);
  CHECK(s.usage.output_tokens == 20);
  CHECK(s.usage.cache_creation_input_tokens == 30);
  CHECK(s.usage.cache_read_input_tokens == 40);
  CHECK(s.stop_reason == "max_tokens");
  REQUIRE(s.truncate_at);
  CHECK(*s.truncate_at == 12);
  CHECK(s.repeat == 3);
}

TEST_CASE("raw and error bodies") {
  auto raw = parsed(R"({"raw":"<html>502 Bad Gateway","status":502})");
  CHECK(raw.body == step_body::raw);
  CHECK(raw.raw == "<html>502 Bad Gateway");
  CHECK(raw.status == 502);

  auto overloaded = parsed(R"({"error":{"type":"overloaded_error","message":"Overloaded"}})");
  CHECK(overloaded.body == step_body::error);
  CHECK(overloaded.status == 529);
  CHECK(overloaded.error_type == "overloaded_error");
  CHECK(overloaded.error_message == "Overloaded");

  auto explicit_status = parsed(R"({"status":503,"error":{"type":"overloaded_error"}})");
  CHECK(explicit_status.status == 503);
  CHECK_FALSE(explicit_status.error_message.empty());

  CHECK(parsed(R"({"error":{"type":"rate_limit_error"}})").status == 429);
  CHECK(parsed(R"({"error":{"type":"authentication_error"}})").status == 401);
  CHECK(parsed(R"({"error":{"type":"invalid_request_error"}})").status == 400);
  CHECK(parsed(R"({"error":{}})").status == 500);
  CHECK(status_for_error_type("something_new") == 500);
}

TEST_CASE("malformed steps are refused with a reason") {
  CHECK_THAT(refusal_of("[1]"), Catch::Contains("object"));
  CHECK_THAT(refusal_of("{"), Catch::Contains("not JSON"));
  CHECK_THAT(refusal_of(R"({"stauts":200})"), Catch::Contains("unknown member \"stauts\""));
  CHECK_THAT(refusal_of(R"({"raw":"x","decision":{}})"), Catch::Contains("at most one"));
  CHECK_THAT(refusal_of(R"({"decision":[1,2]})"), Catch::Contains("decision"));
  CHECK_THAT(refusal_of(R"({"status":"200"})"), Catch::Contains("status"));
  CHECK_THAT(refusal_of(R"({"status":99})"), Catch::Contains("status"));
  CHECK_THAT(refusal_of(R"({"repeat":0})"), Catch::Contains("repeat"));
  CHECK_THAT(refusal_of(R"({"delay_ms":-1})"), Catch::Contains("delay_ms"));
  CHECK_THAT(refusal_of(R"({"truncate_at":-5})"), Catch::Contains("truncate_at"));
  CHECK_THAT(refusal_of(R"({"headers":{"a":true}})"), Catch::Contains("headers.a"));
  CHECK_THAT(refusal_of(R"({"usage":{"tokens":1}})"), Catch::Contains("usage"));
  CHECK_THAT(refusal_of(R"({"usage":{"input_tokens":-1}})"), Catch::Contains("input_tokens"));
  CHECK_THAT(refusal_of(R"({"error":{"type":"x","code":1}})"), Catch::Contains("code"));
  CHECK_THAT(refusal_of(R"({"raw":5})"), Catch::Contains("raw"));
}

TEST_CASE("JSON lines skip blanks and comments and name the bad line") {
  std::vector<llm_step> steps;
  std::string error;
  REQUIRE(parse_step_lines("# a script\n{\"status\":429,\"headers\":{\"retry-after\":\"1\"}}\n\n"
                           "  \r\n{\"raw\":\"garbage\"}\r\n{}",
                           steps, error));
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].status == 429);
  CHECK(steps[1].raw == "garbage");
  CHECK(steps[2].body == step_body::decision);

  std::vector<llm_step> untouched;
  CHECK_FALSE(parse_step_lines("{}\n{\"repeat\":0}\n", untouched, error));
  CHECK_THAT(error, Catch::StartsWith("line 2:"));
  CHECK(untouched.empty()); // all or nothing
}

TEST_CASE("a JSON array of steps appends in order, all or nothing") {
  std::vector<llm_step> steps{default_step()};
  std::string error;
  REQUIRE(parse_step_array(R"([{"status":500,"error":{"type":"api_error"}},{"repeat":2}])", steps,
                           error));
  REQUIRE(steps.size() == 3);
  CHECK(steps[1].status == 500);
  CHECK(steps[2].repeat == 2);

  CHECK_FALSE(parse_step_array(R"([{}, {"bogus":1}])", steps, error));
  CHECK_THAT(error, Catch::StartsWith("step 1:"));
  CHECK(steps.size() == 3);
  CHECK_FALSE(parse_step_array(R"({"status":200})", steps, error));
  CHECK_THAT(error, Catch::Contains("array"));
}
