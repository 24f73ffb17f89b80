#include "actors/broker/binance_service.hpp"

#include "actors/broker/binance_broker_actor.hpp"
#include "actors/broker/binance_section.hpp"

namespace tn {

node_service binance_broker_service() {
  node_service s;
  // It reconciles the journal's open orders with the exchange; fills go to
  // the tracker and risk.
  s.spec = {"broker", {"event_log", "journal", "position_tracker", "risk"},
            [](service_context& ctx) { return spawn_binance_broker(ctx); }};
  s.announced_to = {"clock", "progress"};
  s.runs = trades_on_exchange;
  s.section = binance_section();
  return s;
}

} // namespace tn
