#pragma once

// The market listener's actor shell, exposed for tests that drive it on
// CAF's test scheduler with a fake transport.

#include "actors/market_listener/fault_tally.hpp"
#include "actors/market_listener/feed.hpp"
#include "actors/market_listener/reconnect_backoff.hpp"
#include "runtime/event_timers.hpp"
#include "actors/market_listener/stream_health.hpp"
#include "actors/market_listener/transport.hpp"
#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "runtime/config/config.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <map>
#include <memory>
#include <string>

namespace tn {

struct market_listener_state {
  static inline const char* name = "market_listener";
  node_config cfg;
  // Destroyed with the state when the actor exits, which closes the
  // stream: the connection outlives no owner.
  std::shared_ptr<market_transport> transport;
  std::unique_ptr<feed> data;
  std::unique_ptr<reconnect_backoff> reconnect;
  std::unique_ptr<stream_health> health;
  // Gap-fill retries per symbol: one symbol's failures do not delay another's.
  std::map<std::string, reconnect_backoff> refetch;
  uint64_t seed = 0;
  fault_tally faults{std::chrono::minutes{1}}; // repeated warnings, summed up per minute
  event_timers timers; // reconnect and gap-fill retries, in the clock's time
  timestamp now;        // node time from the clock, for the events it publishes
  uint64_t conn = 0;    // id of the current connection; events of older ones are stale
  bool open = false;
  bool ever_open = false;
  std::map<std::string, market_data_sink_actor> sinks;
  event_log_actor log;
};

/// The listener; `seed` drives the reconnect and gap-fill retry jitter.
market_listener_actor::behavior_type
market_listener_behavior(market_listener_actor::stateful_pointer<market_listener_state> self,
                         node_config cfg, std::shared_ptr<market_transport> transport,
                         uint64_t seed);

/// The status report of a feed.
status_report listener_status(const feed_stats& stats, bool open);

} // namespace tn
