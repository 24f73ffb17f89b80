#include "actors/agent/claude_cli_wire.hpp"

#include "test/unit/agent/agent_test_util.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

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

namespace {

// What Claude Code 2.1.197 printed against tools/llm-endpoint (trimmed of
// fields the parser does not read). Failures all say "subtype":"success".
std::string cli_failure(const std::string& status, const std::string& text,
                        const std::string& stop_reason = "stop_sequence") {
  return R"({"type":"result","subtype":"success","is_error":true,"api_error_status":)" + status
         + R"(,"duration_ms":863,"duration_api_ms":0,"num_turns":1,"result":")" + text
         + R"(","stop_reason":")" + stop_reason
         + R"(","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0},)"
           R"("modelUsage":{},"terminal_reason":"completed"})";
}

} // namespace

TEST_CASE("Claude CLI failures reported as subtype success are classified") {
  // Before: every one of these was api_error "success: <text>".
  struct row {
    std::string status, text, type;
  };
  for (auto& r : std::vector<row>{
         {"401", "Invalid API key · Fix external API key", "authentication_error"},
         {"401", "Not logged in · Please run /login", "authentication_error"}, // a bad OAuth token
         {"null", "Not logged in · Please run /login", "authentication_error"}, // no credential
         {"403", "OAuth token has been revoked", "permission_error"},
         {"429", "API Error: 429 Rate limited", "rate_limit_error"},
         {"529", "API Error: 529 Overloaded. This is a server-side issue", "overloaded_error"},
         {"null", "API Error: Repeated 529 Overloaded errors. The API is at capacity",
          "overloaded_error"},
         {"400", "API Error: 400 spy", "http_400"},
         {"null", "something else", "error"}}) {
    INFO(r.status << " " << r.text);
    auto reply = parse_claude_cli_output(cli_failure(r.status, r.text));
    CHECK(reply.status == reply_status::api_error);
    CHECK(reply.error_type == r.type);
    CHECK(reply.error == r.type + ": " + r.text);
  }
}

TEST_CASE("Claude CLI: no connection to the API is unavailable, not an API error") {
  for (auto text : {"API Error: Unable to connect to API: SSL certificate verification failed. "
                    "Check your proxy or corporate SSL certificates",
                    "API Error: Connection error.", "API Error: Request timed out."}) {
    INFO(text);
    auto r = parse_claude_cli_output(cli_failure("null", text));
    CHECK(r.status == reply_status::unavailable);
    CHECK(r.error == std::string{"the CLI could not reach the API: "} + text);
  }
}

TEST_CASE("Claude CLI: a refusal is no decision") {
  auto r = parse_claude_cli_output(cli_failure(
    "null", "API Error: Claude Code is unable to respond to this request, which appears to "
            "violate our Usage Policy",
    "refusal"));
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::StartsWith("the model refused: API Error: Claude Code is unable"));
}

TEST_CASE("Claude CLI: error_max_turns has no result, its errors array says why") {
  // Before: api_error with the message "error_max_turns: " and nothing after.
  auto r = parse_claude_cli_output(
    R"({"type":"result","subtype":"error_max_turns","duration_ms":118,"is_error":true,)"
    R"("num_turns":2,"stop_reason":"end_turn","total_cost_usd":0.00625,)"
    R"("usage":{"input_tokens":1200,"output_tokens":10},)"
    R"("modelUsage":{"claude-opus-4-8[1m]":{"inputTokens":1200,"outputTokens":10,"costUSD":0.00625}},)"
    R"j("terminal_reason":"max_turns","errors":["Reached maximum number of turns (1)"]})j");
  CHECK(r.status == reply_status::no_decision);
  CHECK(r.stop_reason == "error_max_turns");
  CHECK(r.error == "no structured answer within the turn limit (agent.cli_max_turns, 2 turn(s) "
                   "taken): Reached maximum number of turns (1)");
  CHECK(*r.reported_cost_usd == Approx(0.00625)); // still paid
  CHECK(r.usage.output_tokens == 10);
  CHECK(r.model == "claude-opus-4-8[1m]");
  r = parse_claude_cli_output(
    R"({"type":"result","subtype":"error_max_structured_output_retries","is_error":true,)"
    R"("errors":["Failed to provide valid structured output after 5 attempts"]})");
  CHECK(r.status == reply_status::no_decision);
  CHECK_THAT(r.error, Catch::Contains("kept failing the decision schema: Failed to provide"));
  r = parse_claude_cli_output(
    R"({"type":"result","subtype":"error_during_execution","is_error":true,"errors":["boom","again"]})");
  CHECK(r.status == reply_status::api_error);
  CHECK(r.error == "error_during_execution: boom; again");
}

TEST_CASE("Claude CLI: the model comes from modelUsage, the costliest when several") {
  auto r = parse_claude_cli_output(
    R"({"type":"result","subtype":"success","is_error":false,"total_cost_usd":0.02,)"
    R"("modelUsage":{"claude-haiku-4-5":{"costUSD":0.001},"claude-sonnet-5":{"costUSD":0.019}},)"
    R"("structured_output":{"decisions":[]}})");
  REQUIRE(r.status == reply_status::ok);
  CHECK(r.model == "claude-sonnet-5");
  CHECK(parse_claude_cli_output(result_line).model.empty()); // no modelUsage: the configured one
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

TEST_CASE("Claude CLI invocation: no user settings, hooks or CLAUDE.md, no transcript, few retries") {
  claude_cli_request req;
  req.system_prompt = "sys";
  req.user_prompt = "snapshot";
  req.schema = "{}";
  auto inv = claude_cli_invocation(req);
  auto& a = inv.argv;
  auto flag = std::find(a.begin(), a.end(), "--setting-sources");
  REQUIRE(flag != a.end());
  REQUIRE(flag + 1 != a.end());
  CHECK((flag + 1)->empty()); // no source at all: neither user nor project nor local
  CHECK(std::count(a.begin(), a.end(), "--no-session-persistence") == 1);
  auto& e = inv.env_settings;
  for (auto want : {"CLAUDE_CODE_MAX_RETRIES=1", "CLAUDE_CODE_DISABLE_CLAUDE_MDS=1",
                    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", "DISABLE_AUTOUPDATER=1"}) {
    INFO(want);
    CHECK(std::count(e.begin(), e.end(), want) == 1);
  }
}

TEST_CASE("Claude CLI credential: exactly one, under the name the CLI reads") {
  std::map<std::string, std::string> vars;
  env_reader lookup = [&vars](const std::string& name) {
    auto i = vars.find(name);
    return i == vars.end() ? std::string{} : i->second;
  };
  std::vector<std::string> names{"MY_CLAUDE", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY"};
  CHECK(choose_cli_credential(names, lookup).source.empty());
  // Before: a variable named otherwise reached the CLI under its own name,
  // which the CLI never reads.
  vars["MY_CLAUDE"] = "sk-ant-oat01-mine";
  auto c = choose_cli_credential(names, lookup);
  CHECK(c.source == "MY_CLAUDE");
  CHECK(c.env == "CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-mine");
  CHECK(c.oauth);
  vars["MY_CLAUDE"] = "sk-ant-api03-key";
  c = choose_cli_credential(names, lookup);
  CHECK(c.env == "ANTHROPIC_API_KEY=sk-ant-api03-key");
  CHECK_FALSE(c.oauth);
  // Before: with both set both were passed, and the CLI billed the key.
  vars.erase("MY_CLAUDE");
  vars["CLAUDE_CODE_OAUTH_TOKEN"] = "tok";
  vars["ANTHROPIC_API_KEY"] = "sk-ant-api03-key";
  c = choose_cli_credential({"CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY"}, lookup);
  CHECK(c.env == "CLAUDE_CODE_OAUTH_TOKEN=tok");
  CHECK(c.oauth);
  c = choose_cli_credential({"ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"}, lookup);
  CHECK(c.env == "CLAUDE_CODE_OAUTH_TOKEN=tok"); // whatever the order
  CHECK(c.source == "CLAUDE_CODE_OAUTH_TOKEN");
  vars.erase("CLAUDE_CODE_OAUTH_TOKEN");
  c = choose_cli_credential(names, lookup);
  CHECK(c.env == "ANTHROPIC_API_KEY=sk-ant-api03-key");
  CHECK_FALSE(c.oauth);
}
