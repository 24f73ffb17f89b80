#pragma once

// The market store's actor shell, exposed for tests that drive it on CAF's
// test scheduler with a fake history source.

#include "actors/market_listener/fault_tally.hpp"
#include "actors/market_listener/reconnect_backoff.hpp"
#include "actors/market_store/history_source.hpp"
#include "actors/market_store/market_store.hpp"
#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "runtime/event_timers.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <map>
#include <memory>

namespace tn {

struct market_store_state {
  static inline const char* name = "market_store";
  std::unique_ptr<market_store> store;
  std::shared_ptr<history_source> history;
  std::unique_ptr<reconnect_backoff> retry;
  event_timers timers; // retries, in the clock's time
  std::map<uint64_t, bar_request> pending; // history requests in flight, by id
  uint64_t next_id = 1;
  uint64_t history_bars = 0; // bars received from REST
  uint64_t history_errors = 0;
  bool warm = false; // every warm-up request was answered, and the operator told
  event_log_actor log;
  timestamp now; // the newest tick's time
  fault_tally faults{std::chrono::minutes{1}}; // repeated warnings, summed up per minute
};

/// The store; `seed` drives the history retry jitter.
market_store_actor::behavior_type
market_store_behavior(market_store_actor::stateful_pointer<market_store_state> self,
                      node_config cfg, std::shared_ptr<history_source> history, uint64_t seed);

} // namespace tn
