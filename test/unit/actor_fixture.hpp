#pragma once

// Drives actors deterministically on CAF's test scheduler under Catch2
// (CAF's own test DSL crashes outside CAF's runner). Nothing runs until the
// test calls sched.run(); time moves only with sched.advance_time().

#include "messages/register.hpp"

#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <vector>

namespace tn::test {

struct actor_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  caf::scoped_actor self; // the test body's mailbox
  std::vector<caf::actor> spawned;

  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    add_message_types(c);
    c.set("scheduler.policy", caf::atom("testing"));
    return c;
  }

  actor_fixture()
    : sys(prepare(cfg)),
      sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())),
      self(sys, true) {
  }

  ~actor_fixture() {
    for (auto& hdl : spawned)
      caf::anon_send_exit(hdl, caf::exit_reason::user_shutdown);
    sched.run();
    // Pending timers keep actors alive on the test clock; without this,
    // ~actor_system() would wait for them forever.
    sys.await_actors_before_shutdown(false);
  }

  template <class... Ts>
  auto spawn(Ts&&... xs) {
    auto hdl = sys.spawn(std::forward<Ts>(xs)...);
    spawned.push_back(caf::actor_cast<caf::actor>(hdl));
    return hdl;
  }

  /// Sends a request from the test body and returns the reply.
  template <class T, class Handle, class... Ts>
  T ask(const Handle& dest, Ts&&... xs) {
    auto rh = self->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    sched.run();
    T result{};
    bool ok = false;
    rh.receive([&](T x) { result = std::move(x); ok = true; },
               [&](caf::error& e) { FAIL("request failed: " << sys.render(e)); });
    REQUIRE(ok);
    return result;
  }
};

} // namespace tn::test
