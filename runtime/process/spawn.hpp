#pragma once

// The system calls under run_process: descriptors, pipes and posix_spawn
// with the child's setup. Internal to tn_process.

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace tn {

/// Owns a file descriptor; closes it when reset or destroyed.
class unique_fd {
public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {
  }
  unique_fd(unique_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {
  }
  unique_fd& operator=(unique_fd&& other) noexcept {
    reset(std::exchange(other.fd_, -1));
    return *this;
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  ~unique_fd() {
    reset();
  }
  int get() const {
    return fd_;
  }
  explicit operator bool() const {
    return fd_ >= 0;
  }
  void reset(int fd = -1);

private:
  int fd_ = -1;
};

struct pipe_ends {
  unique_fd read;
  unique_fd write;
};

/// A pipe whose ends close on exec and are numbered above stdio. 0 or an errno.
int make_pipe(pipe_ends& out);

void set_nonblocking(int fd);

/// A descriptor that becomes readable when `pid` exits (Linux 5.3); -1 on error.
int open_pidfd(pid_t pid);

/// Starts `path` with `argv` and exactly the environment `env`, in `cwd`
/// unless that is empty; `in`, `out` and `err` become its stdio and nothing
/// else of ours stays open. The
/// child leads a new process group and starts with default signal
/// dispositions (we may ignore SIGPIPE; it should not) and an empty signal
/// mask. 0 or an errno, a failed exec included.
int spawn_child(const std::string& path, const std::vector<std::string>& argv,
                const std::vector<std::string>& env, const std::string& cwd, int in, int out,
                int err, pid_t& pid);

} // namespace tn
