#include "actors/agent/cli_reply.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const std::string ok_result = R"({"type":"result","subtype":"success","is_error":false,)"
                              R"("structured_output":{"decisions":[]}})";

process_result exited(int code, std::string out, std::string err = {}) {
  process_result r;
  r.exit_code = code;
  r.stdout_text = std::move(out);
  r.stderr_text = std::move(err);
  return r;
}

} // namespace

TEST_CASE("claude-cli reply: a result message counts whatever the exit status") {
  auto r = claude_cli_reply(exited(0, ok_result), "claude");
  CHECK(r.status == reply_status::ok);
  CHECK(r.input_json == R"({"decisions":[]})");
  // The CLI exits 1 with an is_error result, e.g. for a revoked token.
  r = claude_cli_reply(
    exited(1,
           R"({"type":"result","subtype":"success","is_error":true,"result":"Invalid API key"})"),
    "claude");
  CHECK(r.status == reply_status::api_error);
  CHECK_THAT(r.error, Catch::Contains("Invalid API key"));
}

TEST_CASE("claude-cli reply: no result and a failed run is unavailable") {
  auto r = claude_cli_reply(exited(1, "", "Error: boom\n"), "claude");
  CHECK(r.status == reply_status::unavailable);
  CHECK(r.error == "claude exited with status 1; stderr: Error: boom");

  process_result killed;
  killed.signal = SIGKILL;
  r = claude_cli_reply(killed, "claude");
  CHECK(r.status == reply_status::unavailable);
  CHECK(r.error == "claude killed by SIGKILL");

  process_result missing;
  missing.error = "claude: not found";
  r = claude_cli_reply(missing, "claude");
  CHECK(r.status == reply_status::unavailable);
  CHECK(r.error == "claude: not found");
}

TEST_CASE("claude-cli reply: a timeout or cancellation is unavailable even with a result") {
  auto run = exited(-1, ok_result);
  run.signal = SIGTERM;
  run.timed_out = true;
  run.elapsed = 120'003ms;
  auto r = claude_cli_reply(run, "claude");
  CHECK(r.status == reply_status::unavailable);
  CHECK(r.error == "claude timed out after 120003 ms; killed by SIGTERM");
  run.timed_out = false;
  run.cancelled = true;
  CHECK(claude_cli_reply(run, "claude").error == "claude cancelled; killed by SIGTERM");
}

TEST_CASE("claude-cli reply: garbage after exit 0 is malformed, and so is too much output") {
  auto r = claude_cli_reply(exited(0, "hello\n", "warning: update available\n"), "claude");
  CHECK(r.status == reply_status::malformed);
  CHECK_THAT(r.error, Catch::EndsWith("; stderr: warning: update available"));

  auto big = exited(-1, std::string(100, '{'));
  big.signal = SIGTERM;
  big.stdout_overflow = true;
  r = claude_cli_reply(big, "claude");
  CHECK(r.status == reply_status::malformed);
  CHECK(r.error == "claude stdout over its limit; killed by SIGTERM");
}

TEST_CASE("claude-cli reply: the stderr excerpt is its end, escaped") {
  std::string err(1000, 'a');
  err += "\x1b[2J the real error\n\n";
  auto r = claude_cli_reply(exited(2, "", err), "claude");
  CHECK_THAT(r.error, Catch::StartsWith("claude exited with status 2; stderr: ...aaa"));
  CHECK_THAT(r.error, Catch::EndsWith("\\u001b[2J the real error"));
  CHECK(r.error.size() < 400);
}
