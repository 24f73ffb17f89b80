#pragma once

// Runs a program as a child process with stdout and stderr captured in
// files, and waits for it with a deadline.

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tn::test {

class subprocess {
public:
  /// Starts `program` with `args`; its output goes to `out` and `err`.
  /// `env` changes the inherited environment: "NAME=value" sets, "NAME"
  /// removes.
  subprocess(const std::string& program, const std::vector<std::string>& args,
             const std::string& out, const std::string& err,
             const std::vector<std::string>& env = {}) {
    std::vector<std::string> argv_store{program};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& x : argv_store)
      argv.push_back(x.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      redirect(out, STDOUT_FILENO);
      redirect(err, STDERR_FILENO);
      for (auto& x : env) {
        auto eq = x.find('=');
        if (eq == std::string::npos)
          ::unsetenv(x.c_str());
        else
          ::setenv(x.substr(0, eq).c_str(), x.substr(eq + 1).c_str(), 1);
      }
      ::execv(program.c_str(), argv.data());
      ::_exit(127);
    }
  }

  ~subprocess() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  subprocess(const subprocess&) = delete;
  subprocess& operator=(const subprocess&) = delete;

  pid_t pid() const {
    return pid_;
  }

  bool started() const {
    return pid_ > 0;
  }

  void signal(int sig) {
    ::kill(pid_, sig);
  }

  /// The raw wait status once the child ended within `limit`, else nullopt
  /// (the child keeps running; the destructor kills it).
  std::optional<int> wait(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!status_) {
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_)
        status_ = st;
      else if (std::chrono::steady_clock::now() >= deadline)
        break;
      else
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    return status_;
  }

  /// The exit code within `limit`; -1 when it did not end in time or died
  /// from a signal.
  int exit_code(std::chrono::milliseconds limit) {
    auto st = wait(limit);
    return st && WIFEXITED(*st) ? WEXITSTATUS(*st) : -1;
  }

private:
  static void redirect(const std::string& path, int fd) {
    auto file = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (file >= 0) {
      ::dup2(file, fd);
      ::close(file);
    }
  }

  pid_t pid_ = -1;
  std::optional<int> status_;
};

} // namespace tn::test
