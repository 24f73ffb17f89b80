#pragma once

// A real actor system for tests of actors that run on threads of their own
// (the journal, detached fit workers), which CAF's test scheduler does not
// drive: answers are awaited with a generous deadline, never timed.

#include "messages/register.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/system_messages.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>
#include <vector>

namespace tn::test {

struct threaded_system {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scoped_actor self;
  std::chrono::seconds deadline;
  /// Sent an exit when the test ends, passed or not: ~actor_system() waits
  /// for every actor.
  std::vector<caf::actor> spawned;

  explicit threaded_system(size_t threads = 1,
                           std::chrono::seconds deadline = std::chrono::seconds{30})
    : sys(prepare(cfg, threads)), self(sys), deadline(deadline) {
  }

  ~threaded_system() {
    for (auto& hdl : spawned)
      caf::anon_send_exit(hdl, caf::exit_reason::user_shutdown);
  }

  /// Stops `hdl` with the test.
  template <class Handle>
  Handle keep(Handle hdl) {
    spawned.push_back(caf::actor_cast<caf::actor>(hdl));
    return hdl;
  }

  /// The answer to a request; the test fails on an error or no answer.
  template <class T, class Handle, class... Ts>
  T ask(const Handle& dest, Ts&&... xs) {
    T result{};
    bool ok = false;
    self->request(dest, deadline, std::forward<Ts>(xs)...)
      .receive(
        [&](T& x) {
          result = std::move(x);
          ok = true;
        },
        [&](caf::error& e) { FAIL("request failed: " << sys.render(e)); });
    REQUIRE(ok);
    return result;
  }

  /// Stops `hdl` (unless it already quit) and returns its exit reason; the
  /// test fails if it does not go down (a CHECK: fixtures call this from
  /// their destructors, which must not throw).
  template <class Handle>
  caf::error stop(const Handle& hdl) {
    self->monitor(hdl);
    self->send_exit(hdl, caf::exit_reason::user_shutdown);
    caf::error reason;
    bool down = false;
    self->receive(
      [&](caf::down_msg& dm) {
        reason = std::move(dm.reason);
        down = true;
      },
      caf::after(deadline) >> [] {});
    CHECK(down);
    return reason;
  }

  /// Polls `pred` until it holds (work on another thread ended); the test
  /// fails if it does not within the deadline.
  template <class Pred>
  void eventually(Pred pred) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (!pred()) {
      REQUIRE(std::chrono::steady_clock::now() < until);
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
  }

private:
  static caf::actor_system_config& prepare(caf::actor_system_config& c, size_t threads) {
    add_message_types(c);
    c.set("scheduler.max-threads", threads);
    return c;
  }
};

} // namespace tn::test
