#include "actors/agent/anthropic_wire.hpp"
#include "actors/agent/claude_cli_wire.hpp"
#include "runtime/json/json_writer.hpp"
#include "actors/agent/openai_wire.hpp"

#include "test/unit/agent/agent_test_util.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

using namespace tn;
using namespace tn::test;
namespace dom = simdjson::dom;

namespace {

// Text a prompt can carry: quotes, backslashes, control characters,
// non-ASCII, and a byte that is not UTF-8.
const std::string awkward = "say \"hi\" \\ path\ttab\nline\x01\x1f end €✓ \xff!";

std::vector<std::string> keys(const dom::object& obj) {
  std::vector<std::string> out;
  for (auto [key, value] : obj)
    out.emplace_back(key);
  return out;
}

anthropic_request sample_anthropic() {
  anthropic_request req;
  req.model = "claude-sonnet-4-5";
  req.max_tokens = 1500;
  req.system_prompt = "You are the decision engine.";
  req.user_prompt = awkward;
  req.schema = decision_schema(test_limits(), schema_dialect::constrained);
  return req;
}

} // namespace

TEST_CASE("the JSON writer escapes every string into valid JSON") {
  json_writer w;
  w.begin_object().key("k\"ey").value(awkward).key("n").value(1.5).key("i").value(int64_t{-7});
  w.key("inf").value(std::numeric_limits<double>::infinity()).key("a").begin_array().value(true).null().end_array();
  w.end_object();
  auto text = w.take();
  CHECK(text.find('\n') == std::string::npos);
  CHECK_THAT(text, Catch::Contains(R"(\u0001)") && Catch::Contains(R"(\"hi\")"));
  parsed_json doc{text};
  REQUIRE(doc.error == simdjson::SUCCESS);
  // The stray 0xFF became U+FFFD; everything else reads back unchanged.
  auto expected = awkward;
  expected.replace(expected.find('\xff'), 1, "\xEF\xBF\xBD");
  CHECK(str(doc.root["k\"ey"]) == expected);
  CHECK(doc.root["n"].get_double().value() == 1.5);
  CHECK(doc.root["i"].get_int64().value() == -7);
  CHECK(doc.root["inf"].is_null());
  CHECK(keys(doc.object()) == std::vector<std::string>{"k\"ey", "n", "i", "inf", "a"});
}

TEST_CASE("invalid UTF-8 is replaced, valid multi-byte text is kept") {
  std::string out;
  append_json_string(out, "\xC0\xAF|\xED\xA0\x80|\xF4\x90\x80\x80|\xE2\x82|\xF0\x9F\x98\x80");
  // overlong, surrogate, above U+10FFFF, cut short: all replaced; the emoji stays.
  parsed_json doc{out};
  REQUIRE(doc.error == simdjson::SUCCESS);
  CHECK_THAT(out, Catch::EndsWith("\xF0\x9F\x98\x80\""));
  CHECK(out.find("\xC0") == std::string::npos);
  CHECK(out.find("\xED\xA0") == std::string::npos);
}

TEST_CASE("the Anthropic body forces the decision tool and caches the system prompt") {
  auto req = sample_anthropic();
  auto body = anthropic_request_body(req);
  parsed_json doc{body};
  REQUIRE(doc.error == simdjson::SUCCESS);
  auto root = doc.object();
  CHECK(keys(root)
        == std::vector<std::string>{"model", "max_tokens", "system", "messages", "tools",
                                    "tool_choice"});
  CHECK(str(root["model"]) == "claude-sonnet-4-5");
  CHECK(root["max_tokens"].get_int64().value() == 1500);
  auto system = root["system"].get_array().value();
  REQUIRE(system.size() == 1);
  CHECK(str(system.at(0)["type"]) == "text");
  CHECK(str(system.at(0)["text"]) == req.system_prompt);
  CHECK(str(system.at(0)["cache_control"]["type"]) == "ephemeral");
  CHECK(system.at(0)["cache_control"]["ttl"].error() == simdjson::NO_SUCH_FIELD);
  auto messages = root["messages"].get_array().value();
  REQUIRE(messages.size() == 1);
  CHECK(str(messages.at(0)["role"]) == "user");
  CHECK_THAT(str(messages.at(0)["content"]), Catch::StartsWith("say \"hi\" \\ path\ttab\nline\x01"));
  auto tools = root["tools"].get_array().value();
  REQUIRE(tools.size() == 1);
  CHECK(str(tools.at(0)["name"]) == "submit_decision");
  CHECK(tools.at(0)["strict"].get_bool().value());
  CHECK(simdjson::minify(tools.at(0)["input_schema"].value()) == req.schema);
  CHECK(str(root["tool_choice"]["type"]) == "tool");
  CHECK(str(root["tool_choice"]["name"]) == "submit_decision");
}

TEST_CASE("Anthropic options: one-hour cache, temperature, non-strict tool") {
  auto req = sample_anthropic();
  req.cache_ttl = "1h";
  req.temperature = 0.2;
  req.strict_tool = false;
  parsed_json doc{anthropic_request_body(req)};
  REQUIRE(doc.error == simdjson::SUCCESS);
  CHECK(str(doc.root["system"].at(0)["cache_control"]["ttl"]) == "1h");
  CHECK(doc.root["temperature"].get_double().value() == Approx(0.2));
  CHECK(doc.root["tools"].at(0)["strict"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("the OpenAI-compatible body asks for the schema via response_format") {
  openai_request req;
  req.model = "qwen2.5:7b";
  req.max_tokens = 800;
  req.system_prompt = "static";
  req.user_prompt = awkward;
  req.schema = decision_schema(test_limits(), schema_dialect::full);
  parsed_json doc{openai_request_body(req)};
  REQUIRE(doc.error == simdjson::SUCCESS);
  auto root = doc.object();
  CHECK(keys(root)
        == std::vector<std::string>{"model", "max_tokens", "stream", "messages", "response_format"});
  CHECK_FALSE(root["stream"].get_bool().value());
  auto messages = root["messages"].get_array().value();
  REQUIRE(messages.size() == 2);
  CHECK(str(messages.at(0)["role"]) == "system");
  CHECK(str(messages.at(0)["content"]) == "static");
  CHECK(str(messages.at(1)["role"]) == "user");
  auto rf = root["response_format"];
  CHECK(str(rf["type"]) == "json_schema");
  CHECK(str(rf["json_schema"]["name"]) == "submit_decision");
  CHECK(rf["json_schema"]["strict"].get_bool().value());
  CHECK(simdjson::minify(rf["json_schema"]["schema"].value()) == req.schema);
}

TEST_CASE("the OpenAI-compatible body in tool mode forces the function") {
  openai_request req;
  req.model = "llama3";
  req.schema = decision_schema(test_limits(), schema_dialect::full);
  req.mode = openai_output_mode::tool;
  parsed_json doc{openai_request_body(req)};
  REQUIRE(doc.error == simdjson::SUCCESS);
  CHECK(doc.root["response_format"].error() == simdjson::NO_SUCH_FIELD);
  auto fn = doc.root["tools"].at(0)["function"];
  CHECK(str(doc.root["tools"].at(0)["type"]) == "function");
  CHECK(str(fn["name"]) == "submit_decision");
  CHECK(simdjson::minify(fn["parameters"].value()) == req.schema);
  CHECK(str(doc.root["tool_choice"]["function"]["name"]) == "submit_decision");
}

TEST_CASE("the Claude CLI argv carries prompt and schema as single arguments, no secrets") {
  claude_cli_request req;
  req.model = "sonnet";
  req.system_prompt = "static system";
  req.user_prompt = "prompt with 'quotes' and $(not a shell)";
  req.schema = decision_schema(test_limits(), schema_dialect::constrained);
  REQUIRE(check(req).empty());
  auto inv = claude_cli_invocation(req);
  CHECK(inv.argv
        == std::vector<std::string>{"claude", "-p", req.user_prompt, "--output-format", "json",
                                    "--json-schema", req.schema, "--max-turns", "3", "--model",
                                    "sonnet", "--system-prompt", "static system", "--tools", "",
                                    "--setting-sources", "", "--no-session-persistence"});
  CHECK(inv.stdin_text.empty());
  for (auto& arg : inv.argv) {
    CHECK(arg.find("sk-ant") == std::string::npos);
    CHECK(arg.find("OAUTH") == std::string::npos);
  }
  for (auto& setting : inv.env_settings) // the backend adds the one credential
    CHECK(setting.find("TOKEN") == std::string::npos);
}

TEST_CASE("the Claude CLI: stream-json mode, a prompt too long for argv goes to stdin") {
  claude_cli_request req;
  req.schema = "{}";
  req.stream_json = true;
  req.user_prompt = std::string(max_cli_argument + 1, 'x');
  auto inv = claude_cli_invocation(req);
  CHECK(inv.argv[1] == "-p");
  CHECK(inv.argv[2] == "--output-format");
  CHECK(inv.argv[3] == "stream-json");
  CHECK(inv.argv[4] == "--verbose");
  CHECK(std::find(inv.argv.begin(), inv.argv.end(), "--model") == inv.argv.end());
  CHECK(inv.stdin_text == req.user_prompt);
  req.system_prompt = req.user_prompt;
  CHECK_THAT(check(req), Catch::Contains("system prompt"));
  req.system_prompt.clear();
  req.max_turns = 0;
  CHECK_FALSE(check(req).empty());
}
