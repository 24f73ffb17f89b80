#pragma once

// A supervisor running a whole node in a test, stopped when it goes out of
// scope: also when a REQUIRE fails, so no service outlives the io_thread
// declared before it.

#include "messages/actors.hpp"

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

namespace tn::test {

struct supervised {
  caf::actor_system& sys;
  supervisor_actor sup;

  supervised(caf::actor_system& s, supervisor_actor x) : sys(s), sup(std::move(x)) {
  }

  supervised(const supervised&) = delete;
  supervised& operator=(const supervised&) = delete;

  ~supervised() {
    stop();
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
