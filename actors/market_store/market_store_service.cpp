#include "actors/market_store/market_store_service.hpp"

#include "actors/market_store/market_store_actor.hpp"

#include <caf/actor.hpp>

namespace tn {

node_service market_store_service() {
  node_service s;
  s.spec = {"market_store", {"event_log"},
            [](service_context& ctx) { return spawn_market_store(ctx); }};
  s.announced_to = {"clock", "progress"};
  // Live market data needs the network; a backtest replays it instead.
  s.runs = runs_on_live_market;
  return s;
}

} // namespace tn
