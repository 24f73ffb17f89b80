#include "actors/market_listener/market_listener_service.hpp"

#include "actors/market_listener/market_listener_actor.hpp"

#include <caf/actor.hpp>

namespace tn {

node_service market_listener_service() {
  node_service s;
  // Its peers other than the event log are its data sinks.
  s.spec = {"market_listener",
            {"event_log", "market_store", "watchdog", "journal", "gate", "position_tracker",
             "broker"},
            spawn_market_listener};
  s.announced_to = {"clock", "progress"};
  s.runs = runs_on_live_market;
  return s;
}

} // namespace tn
