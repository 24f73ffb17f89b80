#pragma once

// Runs a child process to completion: argv with an explicit environment,
// stdin written in full, stdout and stderr captured within bounds, a
// deadline after which its process group gets SIGTERM and, after a grace,
// SIGKILL. Blocking by design: call it only from a detached actor or a
// thread of its own.

#include "runtime/process/canceller.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace tn {

struct process_spec {
  /// argv[0] is a path, or a name looked up in the PATH of `env` (execvp's
  /// default search path if `env` has none). Never put secrets here: any
  /// local user can read argv from /proc.
  std::vector<std::string> argv;
  /// The child's whole environment, "NAME=value" (passthrough_environment).
  std::vector<std::string> env;
  /// Written to the child's stdin, which is then closed.
  std::string stdin_text;
  /// The child's working directory; "" keeps ours. A relative program path
  /// is resolved against ours first.
  std::string cwd;
  /// From the start until the process group gets SIGTERM.
  std::chrono::milliseconds timeout{120'000};
  /// From SIGTERM until SIGKILL.
  std::chrono::milliseconds kill_grace{2'000};
  /// More stdout than this stops the child; the first max_stdout bytes are kept.
  size_t max_stdout = size_t{8} << 20;
  /// Only the last max_stderr bytes of stderr are kept.
  size_t max_stderr = size_t{64} << 10;
};

struct process_result {
  /// The exit status; -1 unless the child exited normally.
  int exit_code = -1;
  /// The signal that ended the child; 0 if it exited.
  int signal = 0;
  /// The deadline passed and the child was stopped.
  bool timed_out = false;
  /// stdout outgrew max_stdout and the child was stopped.
  bool stdout_overflow = false;
  /// The canceller fired and the child was stopped (or never started).
  bool cancelled = false;
  std::string stdout_text;
  /// The end of stderr; `stderr_truncated` if its beginning was dropped.
  std::string stderr_text;
  bool stderr_truncated = false;
  /// Why the child could not be run ("claude: not found"); empty if it ran.
  std::string error;
  std::chrono::milliseconds elapsed{0};

  /// Ran, exited with status 0, and nothing stopped it.
  bool succeeded() const {
    return error.empty() && exit_code == 0 && !timed_out && !stdout_overflow && !cancelled;
  }
};

/// Runs `spec` and waits for the child to end. The child gets its own
/// process group, default signal handling, an empty signal mask, pipes as
/// stdin/stdout/stderr and no other file descriptor of ours. When it exits,
/// what is left of its process group is killed, so a background grandchild
/// cannot keep the run open. SIGPIPE is blocked on the calling thread while
/// it runs. Never throws for a failing child; see process_result::error.
process_result run_process(const process_spec& spec, const process_canceller* cancel = nullptr);

/// How the run ended, for a log line, without any of its output:
/// "exited with status 1", "timed out after 2001 ms; killed by SIGTERM".
std::string describe(const process_result& result);

} // namespace tn
