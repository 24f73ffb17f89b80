#pragma once

// A market data sink and an event log that record what reaches them.

#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tn::test {

using received_batches = std::shared_ptr<std::vector<tick_batch>>;

inline market_data_sink_actor::behavior_type record_batches(market_data_sink_actor::pointer,
                                                            received_batches out) {
  return {[out](const tick_batch& b) { out->push_back(b); }};
}

using received_events = std::shared_ptr<std::vector<event>>;

inline event_log_actor::behavior_type record_events(event_log_actor::pointer,
                                                    received_events out) {
  return {
    [out](atom::publish, const event& e) { out->push_back(e); },
    [out](atom::events, const std::string&) { return *out; },
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{"event_log", {}, {}}; },
  };
}

/// The texts of the warnings among `events`, in order.
inline std::vector<std::string> warnings(const std::vector<event>& events) {
  std::vector<std::string> out;
  for (auto& e : events)
    if (e.level == severity::warning)
      out.push_back(e.text);
  return out;
}

} // namespace tn::test
