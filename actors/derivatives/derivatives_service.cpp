#include "actors/derivatives/derivatives_service.hpp"

#include "actors/derivatives/derivatives_actor.hpp"
#include "actors/derivatives/derivatives_config.hpp"
#include "actors/derivatives/derivatives_section.hpp"
#include "runtime/config/duration.hpp"

#include <caf/actor.hpp>

namespace tn {

bool runs_derivatives_monitor(const node_config& cfg) {
  return cfg.exchange.market == market_kind::futures && runs_on_live_market(cfg);
}

std::vector<std::string> derivatives_summary(const node_config& cfg) {
  if (cfg.exchange.market != market_kind::futures)
    return {"derivatives: off (exchange.market is spot; funding, open interest and long/short "
            "ratios are USDⓈ-M futures data)"};
  if (!runs_on_live_market(cfg))
    return {"derivatives: off in a backtest without backtest.funding or backtest.open_interest "
            "files (live, the monitor polls the exchange's REST API)"};
  auto& d = cfg.section<derivatives_config>();
  return {"derivatives: funding, open interest and long/short ratio per symbol every "
          + format_duration(d.quiet_interval) + " (" + format_duration(d.hot_interval)
          + " while the gate is hot for it), CVD from the closed 1m bars"};
}

node_service derivatives_monitor_service() {
  node_service s;
  // The gate gets each symbol's funding after its round.
  s.spec = {"derivatives_monitor", {"event_log", "gate"},
            [](service_context& ctx) { return spawn_derivatives_monitor(ctx); }};
  // The clock's time, the listener's bars (CVD) and the gate's passes
  // (hot symbols).
  s.announced_to = {"clock", "market_listener", "gate"};
  s.runs = runs_derivatives_monitor;
  s.section = derivatives_section();
  s.summary = derivatives_summary;
  return s;
}

} // namespace tn
