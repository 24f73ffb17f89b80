#pragma once

// What one run of `claude -p` means for the decision: the parsed result
// message when stdout holds one, else why there is none. Pure: the run
// arrives as a process_result.

#include "messages/model.hpp"
#include "runtime/process/process.hpp"

#include <string_view>

namespace tn {

/// The reply for `run` of `program`. A result message counts whatever the
/// exit status (the CLI exits 1 with an is_error result, e.g. on a bad
/// token). Without one: `unavailable` when the CLI did not answer (not
/// found, timed out, cancelled, failed), `malformed` when it exited 0 with
/// something else or printed too much. Errors end with an excerpt of stderr,
/// control characters escaped.
model_reply claude_cli_reply(const process_result& run, std::string_view program);

} // namespace tn
