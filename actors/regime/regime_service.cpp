#include "actors/regime/regime_service.hpp"

#include "actors/regime/regime_actor.hpp"
#include "actors/regime/regime_config.hpp"
#include "actors/regime/regime_section.hpp"

#include <caf/actor.hpp>

#include <chrono>

namespace tn {

node_service regime_detector_service() {
  node_service s;
  // The learner hears every change of the regime (the key it counts
  // closed trades under).
  s.spec = {"regime_detector", {"event_log", "learner"},
            [](service_context& ctx) { return spawn_regime_detector(ctx); }};
  // The clock's time makes fetches due; the listener's closed 1m bars give
  // each day's close the moment it ends.
  s.announced_to = {"clock", "market_listener"};
  s.runs = runs_on_live_market;
  s.section = regime_section();
  s.summary = [](const node_config& cfg) {
    auto& r = cfg.section<regime_config>();
    auto every = std::chrono::duration_cast<std::chrono::hours>(r.refit_every).count() / 24;
    return std::vector<std::string>{"regime: " + r.symbol + " daily returns, "
                                    + std::to_string(r.days) + " days, refit every "
                                    + std::to_string(every) + "d"};
  };
  return s;
}

} // namespace tn
