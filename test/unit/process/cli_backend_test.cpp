// The claude-cli backend against test/unit/process/fake-claude. Each call
// runs in a detached actor, which CAF's test scheduler does not drive: a
// real actor system, and the test waits for `done` with a deadline.

#include "actors/agent/cli_backend.hpp"

#include "actors/agent/decision_schema.hpp"
#include "test/unit/agent/agent_test_util.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <unistd.h>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

const std::string token = "sk-ant-oat01-test-token-4711";

/// Our environment as the backend sees it; tests change it between calls.
struct fake_env {
  std::map<std::string, std::string> vars;

  env_reader lookup() {
    return [this](const std::string& name) {
      auto i = vars.find(name);
      return i == vars.end() ? std::string{} : i->second;
    };
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in{path};
  return {std::istreambuf_iterator<char>{in}, {}};
}

struct cli_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys; // its destructor waits for the runners
  fake_env env;
  temp_dir record;

  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    c.set("scheduler.max-threads", size_t{1});
    return c;
  }

  cli_fixture() : sys(prepare(cfg)) {
    env.vars = {{"PATH", "/usr/bin:/bin"},
                {"HOME", record.path().string()},
                {"CLAUDE_CODE_OAUTH_TOKEN", token},
                {"TN_UNRELATED_SECRET", "binance-secret"},
                {"FAKE_CLAUDE_RECORD", record.path().string()}};
  }

  cli_backend_settings settings(std::string mode) {
    env.vars["FAKE_CLAUDE_MODE"] = std::move(mode);
    cli_backend_settings s;
    s.executable = TN_FAKE_CLAUDE;
    s.model = "claude-sonnet-4-5";
    s.limits = test_limits();
    s.timeout = 10s;
    s.passthrough_env = {"FAKE_CLAUDE_MODE", "FAKE_CLAUDE_RECORD"};
    s.getenv = env.lookup();
    return s;
  }

  std::unique_ptr<model_backend> backend(cli_backend_settings s) {
    std::string error;
    auto b = make_cli_backend(sys, std::move(s), error);
    REQUIRE(b);
    CHECK(error.empty());
    return b;
  }

  std::unique_ptr<model_backend> backend(std::string mode) {
    return backend(settings(std::move(mode)));
  }
};

model_call question(std::string user_prompt = "BTCUSDT 1h: flat. Decide.") {
  return {"You trade spot crypto.", std::move(user_prompt), timestamp{}};
}

/// Starts a call; a second `done` would throw from set_value.
std::future<model_response> start(model_backend& b, model_call req) {
  auto answer = std::make_shared<std::promise<model_response>>();
  auto result = answer->get_future();
  b.call(std::move(req), [answer](model_response r) { answer->set_value(std::move(r)); });
  return result;
}

model_response ask(model_backend& b, model_call req = question()) {
  auto result = start(b, std::move(req));
  REQUIRE(result.wait_for(20s) == std::future_status::ready);
  return result.get();
}

} // namespace

TEST_CASE_METHOD(cli_fixture, "claude-cli: a json result with structured_output is a decision") {
  REQUIRE(::access(TN_FAKE_CLAUDE, X_OK) == 0); // the fixture lost its executable bit?
  auto b = backend("json");
  CHECK(b->name() == "claude-cli");
  CHECK(b->model() == "claude-sonnet-4-5");
  CHECK(b->schema() == decision_schema(test_limits(), schema_dialect::constrained));
  auto r = ask(*b);
  REQUIRE(r.reply.status == reply_status::ok);
  parsed_json input{r.reply.input_json};
  CHECK(input.root["next_check_seconds"].get_int64().value() == 1800);
  CHECK(r.reply.usage.output_tokens == 42);
  REQUIRE(r.reply.reported_cost_usd);
  CHECK(*r.reply.reported_cost_usd == Approx(0.0123));
  CHECK_THAT(r.raw, Catch::StartsWith(R"({"type":"result")"));
  CHECK(r.attempts == 1);
  CHECK(r.http_status == 0);
  CHECK(r.latency > timespan::zero());
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: stream-json with unknown message types mixed in") {
  auto r = ask(*backend("stream"));
  REQUIRE(r.reply.status == reply_status::ok);
  CHECK_THAT(r.raw, Catch::Contains("rate_limit_event") && Catch::Contains("some_future_event"));
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: garbage on stdout is malformed") {
  auto r = ask(*backend("garbage"));
  CHECK(r.reply.status == reply_status::malformed);
  CHECK_FALSE(r.reply.error.empty());
  CHECK(r.raw == "Welcome to Claude Code! {not json\n");
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: a CLI past its timeout is stopped, unavailable") {
  auto s = settings("sleep");
  s.timeout = 300ms;
  auto b = backend(std::move(s));
  auto before = std::chrono::steady_clock::now();
  auto r = ask(*b);
  CHECK(std::chrono::steady_clock::now() - before < 3s); // SIGTERM ends sleep at once
  CHECK(r.reply.status == reply_status::unavailable);
  CHECK_THAT(r.reply.error, Catch::Contains(" timed out after "));
  CHECK_THAT(r.reply.error, Catch::Contains("SIGTERM"));
  CHECK(r.latency >= 300ms);
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: exit 1 without a result: unavailable, stderr escaped") {
  auto r = ask(*backend("fail"));
  CHECK(r.reply.status == reply_status::unavailable);
  CHECK_THAT(r.reply.error, Catch::Contains("exited with status 1"));
  CHECK_THAT(r.reply.error, Catch::Contains("login expired"));
  CHECK_THAT(r.reply.error, Catch::Contains("run claude login"));
  // The terminal escape arrives escaped: stderr cannot forge log output.
  CHECK_THAT(r.reply.error, Catch::Contains("\\u001b[31m"));
  CHECK(r.reply.error.find('\x1b') == std::string::npos);
  CHECK(r.reply.error.find('\n') == std::string::npos);
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: a missing executable is unavailable, named") {
  auto s = settings("json");
  s.executable = "tn-no-such-claude";
  auto r = ask(*backend(std::move(s)));
  CHECK(r.reply.status == reply_status::unavailable);
  CHECK(r.reply.error == "tn-no-such-claude: not found");
  CHECK(r.attempts == 1);
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: the token travels in the environment, never in argv") {
  auto r = ask(*backend("record"), question("BTCUSDT 1h: flat. Decide."));
  REQUIRE(r.reply.status == reply_status::ok);
  auto argv = slurp(record.file("argv"));
  auto environ = slurp(record.file("env"));
  CHECK_THAT(environ, Catch::Contains("CLAUDE_CODE_OAUTH_TOKEN=" + token));
  CHECK_THAT(environ, !Catch::Contains("TN_UNRELATED_SECRET"));
  CHECK_THAT(environ, !Catch::Contains("binance-secret"));
  CHECK_THAT(argv, !Catch::Contains(token));
  // The prompt is an argument; the schema and system prompt come along.
  CHECK_THAT(argv, Catch::StartsWith("-p\nBTCUSDT 1h: flat. Decide.\n--output-format\njson\n"));
  CHECK_THAT(argv, Catch::Contains("--json-schema\n{")
                     && Catch::Contains("--system-prompt\nYou trade spot crypto.\n"));
  CHECK_THAT(argv, Catch::Contains("--model\nclaude-sonnet-4-5\n"));
  CHECK(slurp(record.file("stdin")).empty());
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: a prompt too long for one argument arrives on stdin") {
  std::string prompt(200 * 1024, 'x');
  prompt += "END";
  auto r = ask(*backend("record"), question(prompt));
  REQUIRE(r.reply.status == reply_status::ok);
  CHECK(slurp(record.file("stdin")) == prompt);
  CHECK_THAT(slurp(record.file("argv")), Catch::StartsWith("-p\n--output-format\n"));
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: reauthenticate and each call read credentials again") {
  auto b = backend("record");
  CHECK(b->reauthenticate().empty());
  env.vars.erase("CLAUDE_CODE_OAUTH_TOKEN");
  CHECK(b->reauthenticate() == "neither CLAUDE_CODE_OAUTH_TOKEN nor ANTHROPIC_API_KEY is set");
  env.vars["ANTHROPIC_API_KEY"] = "";
  CHECK_FALSE(b->reauthenticate().empty()); // set but empty is no key
  env.vars["ANTHROPIC_API_KEY"] = "sk-ant-api03-x";
  CHECK(b->reauthenticate().empty());
  REQUIRE(ask(*b).reply.status == reply_status::ok);
  auto environ = slurp(record.file("env"));
  CHECK_THAT(environ, Catch::Contains("ANTHROPIC_API_KEY=sk-ant-api03-x"));
  CHECK_THAT(environ, !Catch::Contains("CLAUDE_CODE_OAUTH_TOKEN"));
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: destroying the backend cancels a call in flight") {
  auto s = settings("sleep");
  s.timeout = 60s;
  auto b = backend(std::move(s));
  auto result = start(*b, question());
  auto before = std::chrono::steady_clock::now();
  b.reset();
  REQUIRE(result.wait_for(5s) == std::future_status::ready);
  CHECK(std::chrono::steady_clock::now() - before < 5s);
  auto r = result.get();
  CHECK(r.reply.status == reply_status::unavailable);
  CHECK_THAT(r.reply.error, Catch::Contains("cancelled"));
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: settings that cannot run are refused") {
  std::string error;
  auto s = settings("json");
  s.max_turns = 0;
  CHECK_FALSE(make_cli_backend(sys, s, error));
  CHECK(error == "max_turns must be at least 1");
  s = settings("json");
  s.executable.clear();
  CHECK_FALSE(make_cli_backend(sys, s, error));
  CHECK(error == "no executable");
  s = settings("json");
  s.limits.symbols.clear();
  CHECK_FALSE(make_cli_backend(sys, s, error));
  CHECK_FALSE(error.empty());
  s = settings("json");
  s.timeout = timespan::zero();
  CHECK_FALSE(make_cli_backend(sys, s, error));
  CHECK(error == "timeout must be positive");
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: the CLI runs in an empty private directory, then it goes") {
  // Before: the CLI ran in the node's working directory, and a CLAUDE.md
  // there or in a parent was injected into every decision.
  auto r = ask(*backend("record"));
  REQUIRE(r.reply.status == reply_status::ok);
  auto cwd = slurp(record.file("cwd"));
  REQUIRE_FALSE(cwd.empty());
  cwd.pop_back();
  CHECK(cwd != std::filesystem::current_path().string());
  CHECK(slurp(record.file("cwd_files")).empty());
  CHECK_FALSE(std::filesystem::exists(cwd));
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: the CLI's own settings, and cli_env passed through") {
  auto s = settings("record");
  env.vars["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9";
  env.vars["CLAUDE_CODE_MAX_RETRIES"] = "50"; // ours win
  s.passthrough_env.insert(s.passthrough_env.end(),
                           {"ANTHROPIC_BASE_URL", "CLAUDE_CODE_MAX_RETRIES"});
  REQUIRE(ask(*backend(std::move(s))).reply.status == reply_status::ok);
  auto environ = slurp(record.file("env"));
  CHECK_THAT(environ, Catch::Contains("ANTHROPIC_BASE_URL=http://127.0.0.1:9\n"));
  CHECK_THAT(environ, Catch::Contains("CLAUDE_CODE_MAX_RETRIES=1\n"));
  CHECK_THAT(environ, !Catch::Contains("CLAUDE_CODE_MAX_RETRIES=50"));
  CHECK_THAT(environ, Catch::Contains("CLAUDE_CODE_DISABLE_CLAUDE_MDS=1\n"));
  auto argv = slurp(record.file("argv"));
  CHECK_THAT(argv, Catch::Contains("--setting-sources\n\n--no-session-persistence\n"));
}

TEST_CASE_METHOD(cli_fixture, "claude-cli: one credential under the CLI's name, OAuth billed as a subscription") {
  // Before: both were passed and the CLI billed the key; a token under
  // agent.auth_env's own name never reached it.
  env.vars["ANTHROPIC_API_KEY"] = "sk-ant-api03-key";
  auto r = ask(*backend("record"));
  REQUIRE(r.reply.status == reply_status::ok);
  CHECK(r.reply.subscription);
  auto environ = slurp(record.file("env"));
  CHECK_THAT(environ, Catch::Contains("CLAUDE_CODE_OAUTH_TOKEN=" + token));
  CHECK_THAT(environ, !Catch::Contains("ANTHROPIC_API_KEY"));

  auto s = settings("record");
  s.credential_env.insert(s.credential_env.begin(), "TN_CLAUDE_KEY");
  env.vars["TN_CLAUDE_KEY"] = "sk-ant-api03-mine";
  env.vars.erase("CLAUDE_CODE_OAUTH_TOKEN"); // a token would be preferred
  auto b = backend(std::move(s));
  CHECK(b->tool_name() == "StructuredOutput");
  r = ask(*b);
  REQUIRE(r.reply.status == reply_status::ok);
  CHECK_FALSE(r.reply.subscription);
  environ = slurp(record.file("env"));
  CHECK_THAT(environ, Catch::Contains("ANTHROPIC_API_KEY=sk-ant-api03-mine\n"));
  CHECK_THAT(environ, !Catch::Contains("TN_CLAUDE_KEY") && !Catch::Contains(token));

  std::string error;
  s = settings("record");
  s.passthrough_env.push_back("ANTHROPIC_API_KEY");
  CHECK_FALSE(make_cli_backend(sys, s, error));
  CHECK(error == "ANTHROPIC_API_KEY is a credential: the backend passes only the one it chose");
}
