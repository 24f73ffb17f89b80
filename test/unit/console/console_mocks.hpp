#pragma once

// A supervisor and an event log that answer the console from fixed data and
// record what they were asked.

#include "messages/actors.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/supervision.hpp"

#include <caf/all.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tn::test {

/// What the mocks were asked (the test scheduler runs one actor at a time).
struct console_peers {
  /// lookup("event_log") answers this; null: no event log running.
  caf::strong_actor_ptr event_log;
  std::vector<std::string> restarted;
  std::vector<std::string> topics;
  int stops = 0;
};

inline std::vector<status_report> fixed_reports() {
  return {{"supervisor", {{"clock.restarts", 1}}, {{"clock.state", "up"}}},
          {"clock", {{"beats", 7}}, {}}};
}

inline std::vector<service_row> fixed_rows() {
  return {{"event_log", "up", 0, ""}, {"clock", "restarting", 1, "boom"}};
}

/// Answers like the supervisor; "nosuch" is unknown, "idle" is not running.
inline supervisor_actor::behavior_type mock_supervisor(supervisor_actor::pointer,
                                                       std::shared_ptr<console_peers> peers) {
  return {
    [peers](atom::lookup, const std::string& name) {
      return name == "event_log" ? peers->event_log : caf::strong_actor_ptr{};
    },
    [](atom::status) { return fixed_reports(); },
    [](atom::actors) { return fixed_rows(); },
    [peers](atom::restart, const std::string& name) -> caf::result<bool> {
      if (name == "nosuch")
        return caf::make_error(ec::missing_service, name);
      peers->restarted.push_back(name);
      return name != "idle";
    },
    [](atom::restart, const std::string&, uint64_t) {},
    [peers](atom::stop) { ++peers->stops; },
    [](atom::time, timestamp) {},
  };
}

/// A supervisor that never answers a query.
inline supervisor_actor::behavior_type mute_supervisor(supervisor_actor::pointer self) {
  return {
    [self](atom::lookup, const std::string&) -> caf::result<caf::strong_actor_ptr> {
      return self->make_response_promise<caf::strong_actor_ptr>();
    },
    [self](atom::status) -> caf::result<std::vector<status_report>> {
      return self->make_response_promise<std::vector<status_report>>();
    },
    [self](atom::actors) -> caf::result<std::vector<service_row>> {
      return self->make_response_promise<std::vector<service_row>>();
    },
    [self](atom::restart, const std::string&) -> caf::result<bool> {
      return self->make_response_promise<bool>();
    },
    [](atom::restart, const std::string&, uint64_t) {},
    [](atom::stop) {},
    [](atom::time, timestamp) {},
  };
}

/// Holds five "supervisor" events, texts "0" to "4", oldest first.
inline event_log_actor::behavior_type mock_event_log(event_log_actor::pointer,
                                                     std::shared_ptr<console_peers> peers) {
  return {
    [](atom::publish, const event&) {},
    [peers](atom::events, const std::string& topic) {
      peers->topics.push_back(topic);
      std::vector<event> xs;
      for (int i = 0; i < 5; ++i)
        xs.push_back({timestamp{} + std::chrono::seconds{i}, "supervisor", severity::info,
                      std::to_string(i)});
      return xs;
    },
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"event_log", {}, {}}; },
  };
}

} // namespace tn::test
