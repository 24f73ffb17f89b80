#pragma once

// A whole node under the real supervisor in a test: its services from the
// service table on a wall clock, looked up by name, and stopped when it goes
// out of scope, also when a REQUIRE fails, so no service outlives the
// io_thread declared before it.

#include "actors/services.hpp"
#include "messages/actors.hpp"
#include "runtime/clock.hpp"
#include "runtime/config/config.hpp"
#include "runtime/node.hpp"
#include "runtime/supervisor.hpp"
#include "test/integration/ask.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>
#include <catch2/catch.hpp>

#include <memory>
#include <string>

namespace tn::test {

struct supervised {
  caf::actor_system& sys;
  supervisor_actor sup;

  /// Starts every service `cfg` runs, on `io`.
  supervised(caf::actor_system& s, const node_config& cfg, net::io_thread& io) : sys(s) {
    auto source = std::make_shared<wall_clock>();
    sup = spawn_supervisor(sys, cfg, &io, node_services(cfg, service_table(), source),
                           source->now());
  }

  supervised(const supervised&) = delete;
  supervised& operator=(const supervised&) = delete;

  ~supervised() {
    stop();
  }

  /// The running service called `name`; the test fails without one.
  template <class Handle>
  Handle service(const std::string& name) {
    caf::scoped_actor self{sys};
    caf::strong_actor_ptr hdl;
    REQUIRE(ask(self, sup, hdl, atom::lookup_v, name));
    REQUIRE(hdl);
    return caf::actor_cast<Handle>(hdl);
  }

  /// Stops the node and waits until every service is down; once.
  void stop() {
    if (stopped)
      return;
    stopped = true;
    caf::scoped_actor self{sys};
    self->monitor(sup);
    self->send(sup, atom::stop_v);
    self->receive([](const caf::down_msg&) {});
  }

  bool stopped = false;
};

} // namespace tn::test
