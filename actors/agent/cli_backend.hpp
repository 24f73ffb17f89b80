#pragma once

// The claude-cli backend: runs Claude Code headless (`claude -p
// --output-format json`) once per call. The subprocess blocks, so each call
// runs in a detached actor of its own (DESIGN.md: blocking work goes to a
// detached actor); the agent actor never waits. Credentials reach the CLI
// only through its environment (CLAUDE_CODE_OAUTH_TOKEN or
// ANTHROPIC_API_KEY), never through argv or a log line. The CLI runs in an
// empty private directory made for the call, without the user's settings,
// hooks, CLAUDE.md files or session transcripts: the decision sees our
// prompt and nothing else.

#include "actors/agent/decision_schema.hpp"
#include "actors/agent/model_backend.hpp"
#include "messages/fwd.hpp"
#include "runtime/process/environment.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace tn {

struct cli_backend_settings {
  /// A path, or a name looked up in PATH.
  std::string executable = "claude";
  /// "" leaves the CLI's default.
  std::string model;
  /// --max-turns; the structured answer itself takes a turn.
  int max_turns = 3;
  /// From start to SIGTERM; the CLI then gets a short grace before SIGKILL.
  timespan timeout = std::chrono::seconds{120};
  /// Limits of the decision schema sent as --json-schema.
  decision_limits limits;
  /// Where the credential is looked for: the first variable set is given
  /// to the CLI, alone, under the name it reads (choose_cli_credential);
  /// reauthenticate() wants one.
  std::vector<std::string> credential_env = {"CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY"};
  /// Further variables passed through (agent.cli_env: ANTHROPIC_BASE_URL,
  /// proxies, NODE_EXTRA_CA_CERTS, CLAUDE_CONFIG_DIR...); PATH and HOME
  /// always are. The CLI settings of claude_cli_invocation win over these.
  std::vector<std::string> passthrough_env;
  /// Where variables are read, at each call and by reauthenticate(); tests
  /// pass a fake.
  env_reader getenv = current_env;
};

/// An empty string if the settings can run, else why not.
std::string check(const cli_backend_settings& settings);

/// The claude-cli backend (name "claude-cli", tool StructuredOutput);
/// nullptr with the reason in `error` when check(settings) fails. A call
/// without a credential set still runs the CLI, which may have a login of
/// its own under HOME. A reply is marked `subscription` when the CLI was
/// given an OAuth token.
/// `sys` must outlive the backend and every call's `done`. Destroying the
/// backend cancels its calls in flight: their CLIs are stopped and `done`
/// gets `unavailable` ("... cancelled; killed by SIGTERM").
std::unique_ptr<model_backend> make_cli_backend(caf::actor_system& sys,
                                                cli_backend_settings settings, std::string& error);

} // namespace tn
