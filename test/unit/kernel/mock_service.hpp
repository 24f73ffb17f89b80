#pragma once

// A service that records what happens to it, for supervisor tests.

#include "messages/atoms.hpp"
#include "messages/events.hpp"
#include "runtime/service.hpp"

#include <caf/all.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tn::test {

/// What the mock services of one test saw, in order (the test scheduler
/// runs one actor at a time, so no locking).
struct service_journal {
  struct announcement {
    std::string receiver;
    std::string peer;
    caf::actor_addr handle;
  };
  std::vector<std::string> started;
  std::vector<std::string> stopped;
  std::vector<announcement> announced;

  size_t starts_of(const std::string& name) const {
    return static_cast<size_t>(std::count(started.begin(), started.end(), name));
  }

  /// The last handle of `peer` announced to `receiver`.
  caf::actor_addr last_announced(const std::string& receiver, const std::string& peer) const {
    for (auto i = announced.rbegin(); i != announced.rend(); ++i)
      if (i->receiver == receiver && i->peer == peer)
        return i->handle;
    return {};
  }
};

inline caf::behavior mock_service(caf::event_based_actor* self,
                                  std::shared_ptr<service_journal> journal, std::string name) {
  journal->started.push_back(name);
  self->attach_functor([journal, name](const caf::error&) { journal->stopped.push_back(name); });
  return {
    [=](atom::announce, const std::string& peer, const caf::strong_actor_ptr& hdl) {
      journal->announced.push_back({name, peer, caf::actor_cast<caf::actor_addr>(hdl)});
    },
    [=](atom::status) {
      status_report r;
      r.service = name;
      r.counters["answers"] = 1;
      return r;
    },
    [](atom::time, timestamp) {},
    [self](atom::stop) { self->quit(); },
  };
}

/// A service that never answers a status request. A class rather than a
/// function: CAF 0.17 spawns a function actor that takes no arguments
/// through a null std::tuple<> pointer, which UBSan rightly reports.
class mute_service : public caf::event_based_actor {
public:
  using caf::event_based_actor::event_based_actor;

  caf::behavior make_behavior() override {
    return {
      [this](atom::status) { return make_response_promise(); },
      [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    };
  }
};

inline service_spec mock_spec(std::shared_ptr<service_journal> journal, std::string name,
                              std::vector<std::string> peers = {}) {
  return {name, std::move(peers),
          [journal, name](service_context& ctx) -> caf::expected<caf::actor> {
            return ctx.sys.spawn(mock_service, journal, name);
          }};
}

} // namespace tn::test
