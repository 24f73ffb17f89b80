#pragma once

// Claude Code headless (`claude -p`) as a backend: the argv to run and the
// parser of what it prints (PROTOCOLS.md). Credentials travel in the
// environment (CLAUDE_CODE_OAUTH_TOKEN or ANTHROPIC_API_KEY), never in argv,
// where any local user could read them from /proc.

#include "messages/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn {

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
  /// Variables the child needs from our environment; the actor copies only
  /// these and never logs their values.
  std::vector<std::string> env_passthrough;
};

/// Linux refuses a single argument longer than this (MAX_ARG_STRLEN).
inline constexpr size_t max_cli_argument = 128 * 1024 - 1;

/// An empty string if the request can be run, else why not.
std::string check(const claude_cli_request& req);

/// The command line: claude -p [PROMPT] --output-format json|stream-json
/// [--verbose] --json-schema SCHEMA --max-turns N [--model M]
/// --system-prompt S --tools "" (no built-in tools: the model only decides).
/// Precondition: check(req) is empty.
cli_invocation claude_cli_invocation(const claude_cli_request& req);

/// Parses the CLI's stdout: one result object (--output-format json), an
/// array of messages (json with --verbose) or one message per line
/// (stream-json). Messages other than the result, of any type, are
/// skipped. `ok` needs a successful result with a structured_output object,
/// or a result text that is a JSON object.
model_reply parse_claude_cli_output(std::string_view output);

} // namespace tn
