#include "actors/agent/claude_cli_wire.hpp"

#include "test/unit/agent/agent_test_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::test;

namespace {

// `claude -p --output-format json --json-schema ...`: one result object.
const std::string result_line = R"({"type":"result","subtype":"success","is_error":false,)"
  R"("duration_ms":5234,"duration_api_ms":4980,"num_turns":2,"result":"",)"
  R"("session_id":"5f8e1c1a-0c43-4a8e-9d0e-1d2b3c4d5e6f","total_cost_usd":0.0213,)"
  R"("usage":{"input_tokens":5,"cache_creation_input_tokens":3100,"cache_read_input_tokens":14200,)"
  R"("output_tokens":210,"service_tier":"standard"},)"
  R"("structured_output":{"decisions":[],"next_check_seconds":1800,"wake_conditions":[],)"
  R"("memory_update":"","reasoning":"Range-bound."}})";

const std::string init_line = R"({"type":"system","subtype":"init","session_id":"5f8e","tools":[],"model":"claude-sonnet-4-5"})";
const std::string rate_line = R"({"type":"rate_limit_event","rate_limit_info":{"status":"allowed","resetsAt":1760000000}})";
const std::string assistant_line = R"({"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","name":"StructuredOutput","input":{}}]}})";

} // namespace

TEST_CASE("Claude CLI json: structured_output, cost and usage") {
  auto r = parse_claude_cli_output(result_line + "\n");
  REQUIRE(r.status == reply_status::ok);
  CHECK(r.stop_reason == "success");
  REQUIRE(r.reported_cost_usd);
  CHECK(*r.reported_cost_usd == Approx(0.0213));
  CHECK(r.usage.input_tokens == 5);
  CHECK(r.usage.cache_creation_input_tokens == 3100);
  CHECK(r.usage.cache_read_input_tokens == 14200);
  CHECK(r.usage.output_tokens == 210);
  parsed_json input{r.input_json};
  CHECK(input.root["next_check_seconds"].get_int64().value() == 1800);
}

TEST_CASE("Claude CLI stream-json: unknown message types such as rate_limit_event are skipped") {
  auto stream = init_line + "\n" + rate_line + "\n" + assistant_line + "\n"
                + R"({"type":"some_future_event","x":1})" + "\n\n" + result_line + "\n";
  auto r = parse_claude_cli_output(stream);
  REQUIRE(r.status == reply_status::ok);
  CHECK(*r.reported_cost_usd == Approx(0.0213));
}

TEST_CASE("Claude CLI json with --verbose: an array of messages") {
  auto r = parse_claude_cli_output("[" + init_line + "," + rate_line + "," + result_line + "]");
  CHECK(r.status == reply_status::ok);
  r = parse_claude_cli_output("[" + init_line + "]");
  CHECK(r.status == reply_status::malformed);
  CHECK_THAT(r.error, Catch::Contains("no result"));
}

TEST_CASE("Claude CLI: the result text is used when structured_output is absent") {
  auto r = parse_claude_cli_output(
    R"({"type":"result","subtype":"success","is_error":false,"result":"{\"decisions\":[]}","total_cost_usd":0.01})");
  REQUIRE(r.status == reply_status::ok);
  CHECK(r.input_json == R"({"decisions":[]})");
  r = parse_claude_cli_output(
    R"({"type":"result","subtype":"success","is_error":false,"result":"I would hold.","structured_output":null})");
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("I would hold."));
}

TEST_CASE("Claude CLI errors: max turns, is_error") {
  auto r = parse_claude_cli_output(
    R"({"type":"result","subtype":"error_max_turns","is_error":false,"num_turns":1,"total_cost_usd":0.004,"usage":{"input_tokens":3,"output_tokens":9}})");
  CHECK(r.status == reply_status::api_error);
  CHECK(r.error_type == "error_max_turns");
  CHECK(*r.reported_cost_usd == Approx(0.004)); // still paid
  r = parse_claude_cli_output(
    R"({"type":"result","subtype":"success","is_error":true,"result":"Invalid API key · Please run /login"})");
  CHECK(r.status == reply_status::api_error);
  CHECK_THAT(r.error, Catch::Contains("Invalid API key"));
}

TEST_CASE("Claude CLI: a stream cut before its result, a broken line, empty or garbage output") {
  auto r = parse_claude_cli_output(init_line + "\n" + rate_line + "\n");
  CHECK(r.status == reply_status::malformed);
  CHECK_THAT(r.error, Catch::Contains("before the result"));
  r = parse_claude_cli_output(init_line + "\n" + result_line.substr(0, 80));
  CHECK(r.status == reply_status::malformed);
  CHECK_THAT(r.error, Catch::Contains("line 2"));
  r = parse_claude_cli_output(init_line);
  CHECK(r.status == reply_status::malformed);
  CHECK(parse_claude_cli_output("").status == reply_status::malformed);
  CHECK(parse_claude_cli_output("Error: command not found\n").status == reply_status::malformed);
}
