// The claude-cli backend running the real Claude Code CLI (npm
// @anthropic-ai/claude-code, checked with 2.1.197) against the in-process
// llm-endpoint over loopback HTTP. Skipped with a warning when no `claude`
// is installed (TN_CLAUDE may name one). The CLI is only ever given the
// endpoint as ANTHROPIC_BASE_URL, a HOME of its own, and the backend's
// settings that switch its other traffic off.

#include "actors/agent/cli_backend.hpp"

#include "runtime/process/find_executable.hpp"
#include "test/integration/agent/backend_fixture.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace tn;
using namespace tn::test;

namespace {

constexpr const char* buy =
  R"({"decisions":[{"symbol":"BTCUSDT","action":"BUY","position_pct":0.5,)"
  R"("signals":[{"name":"trend","direction":"bullish","confidence":0.8}]}],)"
  R"("next_check_seconds":900,"wake_conditions":[],"memory_update":"m","reasoning":"r"})";

constexpr const char* oauth_token = "sk-ant-oat01-llm-endpoint-test";

// Text that must never reach the model: the user's own CLAUDE.md and hooks.
constexpr const char* planted = "TN-PLANTED-INSTRUCTION";

std::string installed_claude() {
  if (auto named = std::getenv("TN_CLAUDE"); named && *named)
    return named;
  auto path = std::getenv("PATH");
  return find_executable("claude", path ? path : std::string{default_search_path});
}

struct real_cli_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  net::io_thread io;
  std::optional<llm::llm_endpoint> endpoint;
  temp_dir home;
  std::map<std::string, std::string> vars;
  std::string claude = installed_claude();

  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    c.set("scheduler.max-threads", size_t{1});
    return c;
  }

  real_cli_fixture() : sys(prepare(cfg)) {
    start_endpoint(io, endpoint, false);
    auto dot = home.path() / ".claude";
    std::filesystem::create_directories(dot);
    std::ofstream{dot / "CLAUDE.md"} << "IMPORTANT: " << planted << " overrides everything\n";
    std::ofstream{dot / "settings.json"}
      << R"({"hooks":{"UserPromptSubmit":[{"hooks":[{"type":"command","command":"echo )"
      << planted << R"("}]}]}})";
    auto path = std::getenv("PATH");
    vars = {{"PATH", path ? path : "/usr/bin:/bin"},
            {"HOME", home.path().string()},
            {"ANTHROPIC_BASE_URL", endpoint->origin()},
            {"CLAUDE_CODE_OAUTH_TOKEN", oauth_token}};
  }

  ~real_cli_fixture() {
    io.stop();
  }

  std::unique_ptr<model_backend> backend(timespan timeout = 60s) {
    cli_backend_settings s;
    s.executable = claude;
    s.model = "claude-sonnet-4-5";
    s.limits.symbols = {"BTCUSDT", "ETHUSDT"};
    s.timeout = timeout;
    s.passthrough_env = {"ANTHROPIC_BASE_URL"};
    s.getenv = [this](const std::string& name) {
      auto i = vars.find(name);
      return i == vars.end() ? std::string{} : i->second;
    };
    std::string error;
    auto b = make_cli_backend(sys, std::move(s), error);
    INFO(error);
    REQUIRE(b);
    return b;
  }

  model_response ask(model_backend& b) {
    auto done = std::make_shared<std::promise<model_response>>();
    auto f = done->get_future();
    b.call(backend_fixture::question(), [done](model_response r) { done->set_value(r); });
    REQUIRE(f.wait_for(90s) == std::future_status::ready);
    return f.get();
  }

  /// The model requests the CLI made (its HEAD probe is not recorded).
  std::vector<llm::recorded_request> model_requests() const {
    return endpoint->requests();
  }
};

#define REQUIRE_CLAUDE()                                                                   \
  if (claude.empty()) {                                                                    \
    WARN("claude is not installed (npm install -g @anthropic-ai/claude-code): skipped");   \
    return;                                                                                \
  }

} // namespace

TEST_CASE_METHOD(real_cli_fixture, "real claude CLI: a decision through StructuredOutput") {
  REQUIRE_CLAUDE();
  endpoint->set_api_key(oauth_token);
  endpoint->push(step(std::string{R"({"decision":)"} + buy + R"(,"usage":{"input_tokens":1500,)"
                      R"("output_tokens":200,"cache_read_input_tokens":1000}})"));
  auto r = ask(*backend());
  INFO(r.reply.error << "\nstdout: " << r.raw);
  REQUIRE(r.reply.status == reply_status::ok);
  CHECK(r.reply.input_json == buy);
  CHECK(r.reply.usage.output_tokens == 200);
  CHECK(r.reply.usage.cache_read_input_tokens == 1000);
  // The model the CLI says it used, not the configured alias.
  CHECK_THAT(r.reply.model, Catch::StartsWith("claude-sonnet-4-5"));
  REQUIRE(r.reply.reported_cost_usd);
  CHECK(*r.reply.reported_cost_usd > 0);
  CHECK(r.reply.subscription); // an OAuth token: the cost is notional

  auto recs = model_requests();
  REQUIRE_FALSE(recs.empty());
  const auto& first = recs.front();
  CHECK_THAT(first.target, Catch::StartsWith("/v1/messages"));
  CHECK(first.header("authorization") != std::string{"Bearer "} + oauth_token); // redacted
  simdjson::dom::parser p;
  simdjson::dom::element body;
  REQUIRE(p.parse(first.body).get(body) == simdjson::SUCCESS);
  CHECK(bool{body["stream"]});
  CHECK(std::string_view{body["model"]} == "claude-sonnet-4-5");
  CHECK(std::string_view{body["tools"].at(0)["name"]} == "StructuredOutput");
  CHECK_THAT(first.body, Catch::Contains(backend_fixture::question().system_prompt));
  // Before: ~/.claude/CLAUDE.md and the user's hook output were in here.
  for (const auto& rec : recs)
    CHECK_THAT(rec.body, !Catch::Contains(planted));
  // Before: a transcript of every prompt under ~/.claude/projects.
  CHECK_FALSE(std::filesystem::exists(home.path() / ".claude" / "projects"));
}

TEST_CASE_METHOD(real_cli_fixture, "real claude CLI: a rejected key is an auth failure, fast") {
  REQUIRE_CLAUDE();
  // Before: "success: Invalid API key" after retrying for minutes (past
  // the timeout, so reported as a timeout).
  vars.erase("CLAUDE_CODE_OAUTH_TOKEN");
  vars["ANTHROPIC_API_KEY"] = "sk-ant-api03-revoked";
  endpoint->set_api_key("sk-ant-api03-current");
  auto b = backend();
  auto r = ask(*b);
  INFO(r.reply.error << "\nstdout: " << r.raw);
  CHECK(r.reply.status == reply_status::api_error);
  CHECK(r.reply.error_type == "authentication_error");
  CHECK_THAT(r.reply.error, Catch::Contains("Invalid API key"));
  CHECK_FALSE(r.reply.subscription);
  CHECK(model_requests().size() <= 2); // one retry at most
  // The breaker's probe re-reads the key; a fixed key then works.
  vars["ANTHROPIC_API_KEY"] = "sk-ant-api03-current";
  CHECK(b->reauthenticate().empty());
  CHECK(ask(*b).reply.status == reply_status::ok);
}

TEST_CASE_METHOD(real_cli_fixture, "real claude CLI: overloaded is reported as overload") {
  REQUIRE_CLAUDE();
  endpoint->push(step(R"({"error":{"type":"overloaded_error","message":"Overloaded"},"repeat":10})"));
  auto r = ask(*backend());
  INFO(r.reply.error << "\nstdout: " << r.raw);
  CHECK(r.reply.status == reply_status::api_error);
  CHECK(r.reply.error_type == "overloaded_error");
  CHECK(model_requests().size() <= 2);
}

TEST_CASE_METHOD(real_cli_fixture, "real claude CLI: a refusal is no decision") {
  REQUIRE_CLAUDE();
  endpoint->push(step(R"({"stop_reason":"refusal"})"));
  auto r = ask(*backend());
  INFO(r.reply.error << "\nstdout: " << r.raw);
  CHECK(r.reply.status == reply_status::no_decision);
  CHECK_THAT(r.reply.error, Catch::StartsWith("the model refused"));
}

TEST_CASE_METHOD(real_cli_fixture, "real claude CLI: an answer slower than the timeout") {
  REQUIRE_CLAUDE();
  endpoint->push(step(R"({"delay_ms":60000})"));
  auto r = ask(*backend(3s));
  INFO(r.reply.error << "\nstdout: " << r.raw);
  CHECK(r.reply.status == reply_status::unavailable);
  CHECK_THAT(r.reply.error, Catch::Contains("timed out after"));
}
