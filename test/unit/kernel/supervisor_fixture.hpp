#pragma once

// A supervisor over mock services, on the test scheduler.

#include "test/unit/caf_fixture.hpp"
#include "mock_service.hpp"

#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "messages/error.hpp"
#include "runtime/supervisor.hpp"

namespace tn::test {

using namespace std::chrono_literals;

struct supervisor_fixture : caf_fixture {
  const timestamp t0 = timestamp{} + 1000h;
  node_config node;
  std::shared_ptr<service_journal> journal = std::make_shared<service_journal>();
  supervisor_actor sup;

  supervisor_fixture() {
    node.supervisor.max_restarts = 3;
    node.supervisor.window = 60s;
    node.supervisor.backoff.initial = 100ms;
    node.supervisor.backoff.max = 1s;
  }

  ~supervisor_fixture() {
    // Stops the services too; the base class runs it.
    if (sup)
      caf::anon_send(sup, atom::stop_v);
  }

  /// Starts the supervisor over `specs` and runs until it is idle; the test
  /// body monitors it.
  void start(std::vector<service_spec> specs) {
    sup = spawn_supervisor(sys, node, nullptr, std::move(specs), t0);
    self->monitor(sup);
    sched.run();
  }

  /// Mock services a, b (peer a) and c (peers a, b and the supervisor).
  void start_abc() {
    start({mock_spec(journal, "a"), mock_spec(journal, "b", {"a"}),
           mock_spec(journal, "c", {"a", "b", "supervisor"})});
  }

  caf::actor current(const std::string& name) {
    return caf::actor_cast<caf::actor>(ask<caf::strong_actor_ptr>(sup, atom::lookup_v, name));
  }

  /// Makes the service fail with a network error and lets the supervisor see it.
  void fail(const std::string& name) {
    auto hdl = current(name);
    REQUIRE(hdl);
    self->send_exit(hdl, caf::make_error(ec::network_error, std::string{"boom"}));
    sched.run();
  }

  void send_time(timestamp now) {
    self->send(sup, atom::time_v, now);
    sched.run();
  }
};

} // namespace tn::test
