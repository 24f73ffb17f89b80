// Blocking writes stay off the cooperative scheduler: on a real actor
// system with a single scheduler thread, an actor whose write is stuck must
// not keep the other actors from answering.

#include "temp_dir.hpp"

#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "messages/register.hpp"
#include "runtime/event_log_actor.hpp"
#include "runtime/heartbeat_actor.hpp"
#include "runtime/line_sink.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace std::chrono_literals;
using tn::test::temp_dir;

namespace {

const auto t0 = tn::timestamp{} + 1000h;

/// Long enough for any answer on a busy machine; a scheduler thread stuck
/// in a write never answers.
constexpr auto deadline = std::chrono::seconds{20};

struct one_thread_system {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scoped_actor self;

  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    tn::add_message_types(c);
    c.set("scheduler.max-threads", size_t{1});
    return c;
  }

  one_thread_system() : sys(prepare(cfg)), self(sys) {
  }

  /// Whether a fresh actor on the scheduler answers a request.
  bool scheduler_answers() {
    auto echo = sys.spawn([]() -> caf::behavior { return {[](int x) { return x; }}; });
    bool answered = false;
    self->request(echo, deadline, 42).receive([&](int) { answered = true; },
                                               [](caf::error&) {});
    caf::anon_send_exit(echo, caf::exit_reason::user_shutdown);
    return answered;
  }
};

/// Reads `fd` until `text` came by or the deadline passed; returns what it read.
std::string read_until(int fd, const std::string& text) {
  std::string got;
  auto until = std::chrono::steady_clock::now() + deadline;
  char buf[4096];
  while (got.find(text) == std::string::npos && std::chrono::steady_clock::now() < until) {
    auto n = ::read(fd, buf, sizeof(buf));
    if (n > 0)
      got.append(buf, static_cast<size_t>(n));
    else
      std::this_thread::sleep_for(10ms);
  }
  return got;
}

/// A pipe whose buffer is full: the next blocking write to it waits until
/// someone reads.
struct full_pipe {
  int fds[2] = {-1, -1};

  full_pipe() {
    REQUIRE(::pipe(fds) == 0);
    ::fcntl(fds[1], F_SETFL, O_NONBLOCK);
    std::string filler(4096, '.');
    while (::write(fds[1], filler.data(), filler.size()) > 0)
      ;
    ::fcntl(fds[1], F_SETFL, 0);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  }

  ~full_pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
};

} // namespace

TEST_CASE("the heartbeat's file write does not hold up the scheduler") {
  temp_dir dir;
  auto path = dir.file("heartbeat");
  // The heartbeat writes path.tmp first; as a FIFO without a reader,
  // opening it blocks until one comes.
  auto tmp = path + ".tmp";
  REQUIRE(::mkfifo(tmp.c_str(), 0600) == 0);
  one_thread_system s;
  auto hb = tn::spawn_heartbeat(s.sys, {path, 1s, "paper", "n1", 7});
  s.self->send(hb, tn::atom::time_v, t0);
  CHECK(s.scheduler_answers());
  // A reader lets the write through; wait for all of it before closing the
  // reader, which would break the writer's pipe.
  int reader = ::open(tmp.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  CHECK_THAT(read_until(reader, "}\n"), Catch::Contains("\"pid\":7,"));
  tn::status_report st;
  s.self->request(hb, deadline, tn::atom::status_v)
    .receive([&](tn::status_report& r) { st = std::move(r); }, [](caf::error&) {});
  ::close(reader);
  CHECK(st.counters["writes"] == 1);
  caf::anon_send_exit(hb, caf::exit_reason::user_shutdown);
}

TEST_CASE("the event log answers while nobody reads stderr") {
  full_pipe stuck;
  std::fflush(stderr);
  int saved = ::dup(2);
  REQUIRE(saved >= 0);
  ::dup2(stuck.fds[1], 2);
  {
    one_thread_system s;
    auto log = tn::spawn_event_log(s.sys, 10, tn::stderr_sink());
    s.self->send(log, tn::atom::publish_v,
                 tn::event{t0, "test", tn::severity::info, "a line nobody reads yet"});
    size_t kept = 0;
    s.self->request(log, deadline, tn::atom::events_v, std::string{"test"})
      .receive([&](std::vector<tn::event>& xs) { kept = xs.size(); }, [](caf::error&) {});
    CHECK(kept == 1);
    CHECK(s.scheduler_answers());
    // Reading lets the line out: it was queued, not lost.
    CHECK_THAT(read_until(stuck.fds[0], "a line nobody reads yet\n"),
               Catch::Contains("test info a line nobody reads yet"));
    caf::anon_send_exit(log, caf::exit_reason::user_shutdown);
  }
  tn::drain_line_sinks();
  ::dup2(saved, 2);
  ::close(saved);
}
