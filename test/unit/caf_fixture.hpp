#pragma once

// Deterministic actor tests under Catch2 (CAF-0.17.md §6): nothing runs
// until the test calls sched.run*(); CAF timers move with sched.clock().

#include "messages/register.hpp"

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include <optional>

namespace tn::test {

struct caf_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  caf::scoped_actor self; // the test body's mailbox

  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    tn::add_message_types(c);
    c.set("scheduler.policy", caf::atom("testing"));
    return c;
  }

  caf_fixture()
    : sys(prepare(cfg)),
      sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())),
      self(sys, true) {
  }

  ~caf_fixture() {
    sched.run();
    // Actors with pending timers stay alive on the test clock; without this,
    // ~actor_system() blocks forever.
    sys.await_actors_before_shutdown(false);
  }

  /// Sends a request from the test body, runs the system, returns the answer.
  template <class T, class Handle, class... Ts>
  T ask(const Handle& dest, Ts&&... xs) {
    auto rh = self->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    sched.run();
    T result{};
    bool ok = false;
    rh.receive(
      [&](T x) {
        result = std::move(x);
        ok = true;
      },
      [&](caf::error& e) { FAIL("request failed: " << sys.render(e)); });
    REQUIRE(ok);
    return result;
  }

  /// The exit reason of `hdl` if it went down (monitor it first), else nullopt.
  std::optional<caf::error> down_reason() {
    std::optional<caf::error> result;
    self->receive([&](caf::down_msg& dm) { result = std::move(dm.reason); },
                  caf::after(std::chrono::seconds{0}) >> [] {});
    return result;
  }
};

} // namespace tn::test
