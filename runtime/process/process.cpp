#include "runtime/process/process.hpp"

#include "runtime/process/find_executable.hpp"
#include "runtime/process/spawn.hpp"

#include <fmt/format.h>

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <system_error>
#include <utility>

namespace tn {

namespace {

using steady = std::chrono::steady_clock;

/// How often a run without a pidfd checks whether the child has ended.
constexpr int64_t exit_check_ms = 20;

std::string errno_text(int err) {
  return std::error_code{err, std::generic_category()}.message();
}

// Writing to a child that stopped reading raises SIGPIPE, whose default
// action ends the whole node. Blocked on this thread during the run; a
// SIGPIPE our own write raised is consumed before the mask is restored.
class sigpipe_guard {
public:
  sigpipe_guard() {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, &old_);
  }
  ~sigpipe_guard() {
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  sigpipe_guard(const sigpipe_guard&) = delete;
  sigpipe_guard& operator=(const sigpipe_guard&) = delete;

  /// After a write failed with EPIPE.
  void consume() {
    if (sigismember(&old_, SIGPIPE))
      return; // blocked before us: not ours to take
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    timespec zero{};
    while (sigtimedwait(&pipe, nullptr, &zero) == SIGPIPE) {
    }
  }

private:
  sigset_t old_;
};

std::string_view search_path(const std::vector<std::string>& env) {
  for (auto& var : env)
    if (var.rfind("PATH=", 0) == 0)
      return std::string_view{var}.substr(5);
  return default_search_path;
}

/// One run: the child, its pipes, and the stop sequence.
class runner {
public:
  runner(const process_spec& spec, const process_canceller* cancel)
    : spec_(spec), cancel_(cancel), start_(steady::now()), buf_(64 * 1024) {
  }

  process_result run() {
    if (cancel_ && cancel_->cancelled())
      result_.cancelled = true;
    else if (start())
      loop();
    if (result_.stderr_text.size() > spec_.max_stderr) {
      result_.stderr_text.erase(0, result_.stderr_text.size() - spec_.max_stderr);
      result_.stderr_truncated = true;
    }
    result_.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start_);
    return std::move(result_);
  }

private:
  bool alive() const {
    return pid_ > 0;
  }

  bool fail(std::string error) {
    result_.error = std::move(error);
    return false;
  }

  bool start() {
    if (spec_.argv.empty())
      return fail("no program to run");
    auto& name = spec_.argv.front();
    auto path = find_executable(name, search_path(spec_.env));
    if (path.empty())
      return fail(name + ": not found");
    if (!spec_.cwd.empty()) {
      std::error_code ec;
      if (!std::filesystem::is_directory(spec_.cwd, ec))
        return fail("working directory " + spec_.cwd + ": not a directory");
      // The child resolves a relative path after its chdir.
      if (path.front() != '/')
        path = std::filesystem::absolute(path).string();
    }
    pipe_ends in, out, err;
    for (auto* p : {&in, &out, &err})
      if (int rc = make_pipe(*p))
        return fail("pipe: " + errno_text(rc));
    pid_t pid = -1;
    if (int rc = spawn_child(path, spec_.argv, spec_.env, spec_.cwd, in.read.get(),
                             out.write.get(), err.write.get(), pid))
      return fail(name + ": " + (rc == ENOENT ? "not found" : errno_text(rc)));
    pid_ = pid;
    // Without one (kernel < 5.3, some sandboxes, valgrind) exited() polls.
    pidfd_.reset(open_pidfd(pid));
    in_ = std::move(in.write);
    out_ = std::move(out.read);
    err_ = std::move(err.read);
    for (auto* fd : {&in_, &out_, &err_})
      set_nonblocking(fd->get());
    if (spec_.stdin_text.empty())
      in_.reset();
    return true;
  }

  void loop() {
    while (alive() || out_ || err_) {
      auto now = steady::now();
      if (alive())
        check_stop(now);
      else if (now >= drain_until_)
        break; // something outside the process group holds the pipes open
      std::vector<pollfd> fds;
      auto watch = [&fds](const unique_fd& fd, short events) {
        if (fd)
          fds.push_back({fd.get(), events, 0});
      };
      watch(in_, POLLOUT);
      watch(out_, POLLIN);
      watch(err_, POLLIN);
      watch(pidfd_, POLLIN);
      if (alive() && !stopping_ && cancel_ && cancel_->fd() >= 0)
        fds.push_back({cancel_->fd(), POLLIN, 0});
      if (::poll(fds.data(), fds.size(), poll_timeout(now)) < 0) {
        if (errno == EINTR)
          continue;
        result_.error = "poll: " + errno_text(errno);
        reap();
        return;
      }
      for (auto& p : fds)
        if (p.revents != 0)
          on_ready(p.fd);
      if (alive() && !pidfd_ && exited())
        reap();
    }
  }

  // The child has exited but is not reaped yet.
  bool exited() const {
    siginfo_t info{};
    return ::waitid(P_PID, pid_, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid_;
  }

  void on_ready(int fd) {
    if (fd == in_.get())
      write_stdin();
    else if (fd == out_.get())
      read_all(out_, [this](std::string_view chunk) { keep_stdout(chunk); });
    else if (fd == err_.get())
      read_all(err_, [this](std::string_view chunk) { keep_stderr(chunk); });
    else if (fd == pidfd_.get())
      reap();
    // The canceller's fd only wakes us; check_stop looks at the flag.
  }

  // Starts or escalates the stop sequence: SIGTERM to the group when the
  // deadline passed, stdout overflowed or the run was cancelled; SIGKILL
  // once the grace is over.
  void check_stop(steady::time_point now) {
    if (stopping_) {
      if (!killed_ && now >= kill_at_) {
        ::kill(-pid_, SIGKILL);
        killed_ = true;
      }
      return;
    }
    if (cancel_ && cancel_->cancelled())
      result_.cancelled = true;
    else if (now >= start_ + spec_.timeout)
      result_.timed_out = true;
    else if (!result_.stdout_overflow)
      return;
    ::kill(-pid_, SIGTERM);
    stopping_ = true;
    kill_at_ = now + spec_.kill_grace;
  }

  int poll_timeout(steady::time_point now) const {
    // Without a pidfd nothing wakes us when the child ends.
    int64_t longest = alive() && !pidfd_ ? exit_check_ms : 60'000;
    steady::time_point next;
    if (!alive())
      next = drain_until_;
    else if (!stopping_)
      next = start_ + spec_.timeout;
    else if (!killed_)
      next = kill_at_;
    else
      return static_cast<int>(pidfd_ ? -1 : longest); // SIGKILL sent: wait for the end
    int64_t wait = std::chrono::ceil<std::chrono::milliseconds>(next - now).count();
    return static_cast<int>(std::clamp<int64_t>(wait, 0, longest));
  }

  void write_stdin() {
    auto& text = spec_.stdin_text;
    while (written_ < text.size()) {
      auto n = ::write(in_.get(), text.data() + written_,
                       std::min<size_t>(text.size() - written_, 1 << 16));
      if (n > 0) {
        written_ += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n < 0 && errno == EPIPE)
        sigpipe_.consume();
      break; // the child closed its stdin: it does not want the rest
    }
    in_.reset();
  }

  template <class Sink>
  void read_all(unique_fd& fd, Sink&& sink) {
    for (;;) {
      auto n = ::read(fd.get(), buf_.data(), buf_.size());
      if (n > 0) {
        sink(std::string_view{buf_.data(), static_cast<size_t>(n)});
        continue;
      }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      fd.reset(); // end of file, or an error that ends it
      return;
    }
  }

  void keep_stdout(std::string_view chunk) {
    auto room = spec_.max_stdout - result_.stdout_text.size();
    if (chunk.size() > room) {
      result_.stdout_overflow = true;
      chunk = chunk.substr(0, room);
    }
    result_.stdout_text.append(chunk);
  }

  // Keeps the end, where the error usually is; trimmed to max_stderr in run().
  void keep_stderr(std::string_view chunk) {
    auto& text = result_.stderr_text;
    text.append(chunk);
    if (text.size() > 2 * spec_.max_stderr) {
      text.erase(0, text.size() - spec_.max_stderr);
      result_.stderr_truncated = true;
    }
  }

  // The child has ended (or must end now): kill what is left of its group
  // while the unreaped child still holds the group's id, then collect its
  // status.
  void reap() {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    pid_t rc;
    while ((rc = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
    }
    if (rc < 0) {
      if (result_.error.empty())
        result_.error = "waitpid: " + errno_text(errno);
    } else if (WIFEXITED(status))
      result_.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
      result_.signal = WTERMSIG(status);
    pid_ = -1;
    pidfd_.reset();
    in_.reset();
    drain_until_ = steady::now() + spec_.kill_grace;
  }

  const process_spec& spec_;
  const process_canceller* cancel_;
  steady::time_point start_;
  std::vector<char> buf_;
  sigpipe_guard sigpipe_;
  process_result result_;
  pid_t pid_ = -1;
  unique_fd pidfd_, in_, out_, err_;
  size_t written_ = 0;
  bool stopping_ = false;
  bool killed_ = false;
  steady::time_point kill_at_;
  steady::time_point drain_until_;
};

std::string signal_name(int sig) {
  if (auto abbrev = ::sigabbrev_np(sig))
    return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", sig);
}

} // namespace

process_result run_process(const process_spec& spec, const process_canceller* cancel) {
  return runner{spec, cancel}.run();
}

std::string describe(const process_result& result) {
  if (!result.error.empty())
    return result.error;
  auto ending = result.signal != 0 ? "killed by " + signal_name(result.signal)
                                   : fmt::format("exited with status {}", result.exit_code);
  if (result.cancelled)
    return "cancelled; " + ending;
  if (result.timed_out)
    return fmt::format("timed out after {} ms; {}", result.elapsed.count(), ending);
  if (result.stdout_overflow)
    return "stdout over its limit; " + ending;
  return ending;
}

} // namespace tn
