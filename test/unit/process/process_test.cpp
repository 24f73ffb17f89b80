#include "runtime/process/process.hpp"

#include "runtime/process/environment.hpp"
#include "runtime/process/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <thread>

using namespace tn;
using namespace std::chrono_literals;

namespace {

process_spec shell(std::string script) {
  process_spec spec;
  spec.argv = {"/bin/sh", "-c", std::move(script)};
  spec.env = passthrough_environment({});
  spec.timeout = 10s;
  return spec;
}

// Dead, or a zombie nobody reaped yet: either way it runs no more.
bool gone(long pid) {
  std::ifstream stat{"/proc/" + std::to_string(pid) + "/stat"};
  std::string text{std::istreambuf_iterator<char>{stat}, {}};
  auto close = text.rfind(')');
  return text.empty() || (close != std::string::npos && text.substr(close + 2, 1) == "Z");
}

// A SIGKILLed process takes a moment to be torn down after kill() returns.
bool ends_soon(long pid) {
  for (int i = 0; i < 100 && !gone(pid); ++i)
    std::this_thread::sleep_for(10ms);
  return gone(pid);
}

} // namespace

TEST_CASE("process: stdout of a shell command and its exit status") {
  auto r = run_process(shell("echo hello; echo world"));
  CHECK(r.error.empty());
  CHECK(r.succeeded());
  CHECK(r.exit_code == 0);
  CHECK(r.signal == 0);
  CHECK(r.stdout_text == "hello\nworld\n");
  CHECK(r.stderr_text.empty());
  CHECK(describe(r) == "exited with status 0");
}

TEST_CASE("process: stderr is captured apart from stdout, a non-zero exit is reported") {
  auto r = run_process(shell("echo out; echo oops >&2; exit 3"));
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.succeeded());
  CHECK(r.stdout_text == "out\n");
  CHECK(r.stderr_text == "oops\n");
  CHECK(describe(r) == "exited with status 3");
}

TEST_CASE("process: a child killed by a signal") {
  auto r = run_process(shell("kill -KILL $$"));
  CHECK(r.exit_code == -1);
  CHECK(r.signal == SIGKILL);
  CHECK(describe(r) == "killed by SIGKILL");
}

TEST_CASE("process: 1 MiB through stdin comes back on stdout (cat, found in PATH)") {
  process_spec spec;
  spec.argv = {"cat"};
  spec.env = passthrough_environment({});
  spec.timeout = 10s;
  // cat writes back while we still write: without polling both pipes
  // together, each side would block on a full pipe.
  spec.stdin_text.reserve(1 << 20);
  for (int i = 0; spec.stdin_text.size() < (1 << 20); ++i)
    spec.stdin_text += std::to_string(i) + (i % 17 == 0 ? "\n" : " ");
  auto r = run_process(spec);
  CHECK(r.succeeded());
  CHECK(r.stdout_text.size() == spec.stdin_text.size());
  CHECK(r.stdout_text == spec.stdin_text);
}

TEST_CASE("process: a child that does not read stdin neither blocks the run nor raises SIGPIPE") {
  auto spec = shell("exec 0<&-; echo done");
  spec.stdin_text.assign(4 << 20, 'x');
  auto r = run_process(spec);
  CHECK(r.succeeded());
  CHECK(r.stdout_text == "done\n");
}

TEST_CASE("process: the timeout stops the child with SIGTERM") {
  process_spec spec;
  spec.argv = {"sleep", "30"};
  spec.env = passthrough_environment({});
  spec.timeout = 300ms;
  spec.kill_grace = 2s;
  auto r = run_process(spec);
  CHECK(r.timed_out);
  CHECK(r.signal == SIGTERM);
  CHECK(r.elapsed >= 300ms);
  CHECK(r.elapsed < 2s);
  CHECK_THAT(describe(r),
             Catch::StartsWith("timed out after ") && Catch::EndsWith("killed by SIGTERM"));
}

TEST_CASE("process: SIGKILL after the grace reaches a grandchild ignoring SIGTERM") {
  // The shell and its background sleep both ignore SIGTERM; only the
  // process group's SIGKILL ends them.
  auto spec = shell("trap '' TERM; sleep 30 & echo $!; wait");
  spec.timeout = 300ms;
  spec.kill_grace = 300ms;
  auto r = run_process(spec);
  CHECK(r.timed_out);
  CHECK(r.signal == SIGKILL);
  CHECK(r.elapsed >= 600ms);
  CHECK(r.elapsed < 3s);
  auto grandchild = std::stol(r.stdout_text);
  CHECK(ends_soon(grandchild));
}

TEST_CASE("process: a background grandchild left behind does not hold the run open") {
  auto r = run_process(shell("sleep 30 & echo $!"));
  CHECK(r.succeeded());
  CHECK(r.elapsed < 3s);
  CHECK(ends_soon(std::stol(r.stdout_text)));
}

TEST_CASE("process: stdout beyond its limit stops the child and keeps the limit") {
  process_spec spec;
  spec.argv = {"yes", "0123456789"};
  spec.env = passthrough_environment({});
  spec.max_stdout = 100'000;
  auto r = run_process(spec);
  CHECK(r.stdout_overflow);
  CHECK_FALSE(r.timed_out);
  CHECK(r.signal == SIGTERM);
  CHECK(r.stdout_text.size() == 100'000);
  CHECK(r.stdout_text.substr(0, 11) == "0123456789\n");
}

TEST_CASE("process: stderr keeps its end") {
  auto spec = shell("i=0; while [ $i -lt 2000 ]; do echo line $i >&2; i=$((i+1)); done");
  spec.max_stderr = 100;
  auto r = run_process(spec);
  CHECK(r.succeeded());
  CHECK(r.stderr_truncated);
  CHECK(r.stderr_text.size() == 100);
  CHECK_THAT(r.stderr_text, Catch::EndsWith("line 1999\n"));
}

TEST_CASE("process: a missing program is reported by name") {
  process_spec spec;
  spec.argv = {"tn-no-such-program"};
  spec.env = passthrough_environment({});
  auto r = run_process(spec);
  CHECK(r.error == "tn-no-such-program: not found");
  CHECK_FALSE(r.succeeded());
  CHECK(describe(r) == "tn-no-such-program: not found");

  spec.argv = {"/nonexistent/claude", "-p"};
  CHECK(run_process(spec).error == "/nonexistent/claude: not found");

  spec.argv = {};
  CHECK_FALSE(run_process(spec).error.empty());
}

TEST_CASE("process: a name is looked up in the child's PATH, not ours") {
  process_spec spec;
  spec.argv = {"sh", "-c", "exit 0"};
  spec.env = {"PATH=/nonexistent"};
  CHECK(run_process(spec).error == "sh: not found");
}

TEST_CASE("process: the child gets only the variables passed through, plus PATH and HOME") {
  std::map<std::string, std::string> ours{{"PATH", "/usr/bin:/bin"},
                                          {"HOME", "/home/tn"},
                                          {"TN_VISIBLE", "yes"},
                                          {"TN_EMPTY", ""},
                                          {"TN_SECRET", "do-not-pass"}};
  env_reader lookup = [&ours](const std::string& name) {
    auto i = ours.find(name);
    return i == ours.end() ? std::string{} : i->second;
  };
  process_spec spec;
  spec.argv = {"/usr/bin/env"};
  spec.env = passthrough_environment({"TN_VISIBLE", "TN_UNSET", "TN_EMPTY", "BAD=NAME", ""},
                                     lookup);
  auto r = run_process(spec);
  REQUIRE(r.succeeded());
  CHECK(r.stdout_text == "TN_VISIBLE=yes\nPATH=/usr/bin:/bin\nHOME=/home/tn\n");
}

TEST_CASE("process: our own environment is not inherited") {
  ::setenv("TN_PROCESS_TEST_SECRET", "hunter2", 1);
  process_spec spec;
  spec.argv = {"/usr/bin/env"};
  spec.env = passthrough_environment({"TN_PROCESS_TEST_LISTED"});
  ::setenv("TN_PROCESS_TEST_LISTED", "late", 1); // read when the list is made
  auto r = run_process(spec);
  ::unsetenv("TN_PROCESS_TEST_SECRET");
  ::unsetenv("TN_PROCESS_TEST_LISTED");
  REQUIRE(r.succeeded());
  CHECK_THAT(r.stdout_text, !Catch::Contains("TN_PROCESS_TEST"));
  CHECK_THAT(r.stdout_text, Catch::Contains("PATH="));
}

TEST_CASE("process: a canceller stops a running child and refuses new runs") {
  process_canceller cancel;
  process_spec spec;
  spec.argv = {"sleep", "30"};
  spec.env = passthrough_environment({});
  // Cancelled before or after the spawn, the run ends at once either way.
  std::thread canceller{[&cancel] {
    std::this_thread::sleep_for(100ms);
    cancel.cancel();
  }};
  auto r = run_process(spec, &cancel);
  canceller.join();
  CHECK(r.cancelled);
  CHECK_FALSE(r.timed_out);
  CHECK(r.elapsed < 2s);
  CHECK_THAT(describe(r), Catch::StartsWith("cancelled"));

  auto again = run_process(spec, &cancel);
  CHECK(again.cancelled);
  CHECK(again.error.empty());
  CHECK(again.exit_code == -1);
}

TEST_CASE("process: no descriptor of ours leaks into the child") {
  // Opened without O_CLOEXEC, as a careless library might.
  int stray = ::open("/dev/null", O_RDONLY);
  REQUIRE(stray > 2);
  auto r = run_process(shell("ls /proc/self/fd"));
  ::close(stray);
  REQUIRE(r.succeeded());
  // 0, 1, 2, and the directory ls is reading.
  std::istringstream lines{r.stdout_text};
  std::vector<std::string> fds{std::istream_iterator<std::string>{lines},
                               std::istream_iterator<std::string>{}};
  CHECK(fds == std::vector<std::string>{"0", "1", "2", "3"});
}

TEST_CASE("process: a scratch directory is private, the child runs in it, it goes afterwards") {
  std::string where;
  {
    scratch_dir dir{"tn-process-test-"};
    REQUIRE(dir.error().empty());
    where = dir.path();
    struct stat st;
    REQUIRE(::stat(where.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    auto spec = shell("pwd; ls -A; echo left-behind > file");
    spec.cwd = where;
    auto r = run_process(spec);
    REQUIRE(r.succeeded());
    CHECK(r.stdout_text == where + "\n"); // empty: ls printed nothing
  }
  CHECK_FALSE(std::filesystem::exists(where));
}

TEST_CASE("process: a relative program path still runs from another working directory") {
  scratch_dir dir{"tn-process-test-"};
  process_spec spec;
  spec.argv = {"../bin/true"}; // relative to our working directory, not the child's
  spec.env = passthrough_environment({});
  auto here = std::filesystem::current_path();
  std::filesystem::current_path("/usr/lib");
  spec.cwd = dir.path();
  auto r = run_process(spec);
  std::filesystem::current_path(here);
  CHECK(r.succeeded());
  spec.argv = {"/bin/true"};
  spec.cwd = dir.path() + "/missing";
  r = run_process(spec);
  CHECK(r.error == "working directory " + spec.cwd + ": not a directory");
}
