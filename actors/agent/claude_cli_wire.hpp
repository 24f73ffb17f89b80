#pragma once

// Claude Code headless (`claude -p`) as a backend: the argv to run and the
// parser of what it prints (PROTOCOLS.md). Credentials travel in the
// environment (CLAUDE_CODE_OAUTH_TOKEN or ANTHROPIC_API_KEY), never in argv,
// where any local user could read them from /proc. Checked against Claude
// Code 2.1.197 talking to tools/llm-endpoint.

#include "messages/model.hpp"
#include "runtime/process/environment.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// The one tool the CLI offers the model with --json-schema (and `--tools
/// ""`): the decision arrives as its input, not through submit_decision.
inline constexpr const char* cli_tool_name = "StructuredOutput";

/// Retries of one API request inside the CLI. Its default retries a 401 for
/// minutes and a 529 past any sane timeout; one retry rides out a blip,
/// and the agent's breaker handles the rest.
inline constexpr int cli_max_retries = 1;

struct claude_cli_request {
  std::string executable = "claude";
  std::string model;         // "" leaves the CLI's default
  std::string system_prompt; // replaces the CLI's own system prompt
  std::string user_prompt;
  /// decision_schema(limits, schema_dialect::constrained).
  std::string schema;
  /// The CLI answers --json-schema through a tool call of its own, which
  /// takes a turn; with a limit of 1 it can stop with error_max_turns.
  int max_turns = 3;
  /// stream-json (one JSON message per line) instead of one result object.
  bool stream_json = false;
};

struct cli_invocation {
  std::vector<std::string> argv;
  /// The prompt goes on stdin when it is too long for one argument.
  std::string stdin_text;
  /// "NAME=value" settings of the CLI itself: its retries capped, no
  /// CLAUDE.md or auto memory, no auto-update, telemetry or error reports.
  std::vector<std::string> env_settings;
};

/// The one credential the CLI is given, under the name it reads.
struct cli_credential {
  /// The variable it was read from; "" when none is set (the CLI may then
  /// use a login of its own under HOME).
  std::string source;
  /// "CLAUDE_CODE_OAUTH_TOKEN=..." or "ANTHROPIC_API_KEY=..."; "" without one.
  std::string env;
  /// An OAuth token: the calls are billed to a Claude subscription.
  bool oauth = false;
};

/// The first OAuth token among `names` that `lookup` finds set (read from
/// CLAUDE_CODE_OAUTH_TOKEN, or a value starting with "sk-ant-oat" as
/// `claude setup-token` makes them), passed as CLAUDE_CODE_OAUTH_TOKEN;
/// without one, the first key, passed as ANTHROPIC_API_KEY. Never both:
/// given both, the CLI bills the key.
cli_credential choose_cli_credential(const std::vector<std::string>& names,
                                     const env_reader& lookup);

/// Linux refuses a single argument longer than this (MAX_ARG_STRLEN).
inline constexpr size_t max_cli_argument = 128 * 1024 - 1;

/// An empty string if the request can be run, else why not.
std::string check(const claude_cli_request& req);

/// The command line: claude -p [PROMPT] --output-format json|stream-json
/// [--verbose] --json-schema SCHEMA --max-turns N [--model M]
/// --system-prompt S --tools "" (no built-in tools: the model only decides)
/// --setting-sources "" (no user or project settings, hooks or CLAUDE.md)
/// --no-session-persistence (no transcript of each prompt under ~/.claude).
/// Precondition: check(req) is empty.
cli_invocation claude_cli_invocation(const claude_cli_request& req);

/// Parses the CLI's stdout: one result object (--output-format json), an
/// array of messages (json with --verbose) or one message per line
/// (stream-json). Messages other than the result, of any type, are
/// skipped. `ok` needs a successful result with a structured_output object,
/// or a result text that is a JSON object. The CLI reports API failures as
/// "subtype":"success","is_error":true with api_error_status; they become
/// api_error typed as the API would: authentication_error (401, or "Not
/// logged in" without a status), permission_error (403), rate_limit_error
/// (429), overloaded_error (529), else http_<status> or "error"; no
/// connection to the API (TLS, refused, timed out) is unavailable. A refusal
/// and the error_max_turns and error_max_structured_output_retries
/// subtypes are no_decision, saying why. `model` is the model that did the
/// most of the work according to modelUsage.
model_reply parse_claude_cli_output(std::string_view output);

} // namespace tn
