#include "runtime/watchdog_actor.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/market.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/market_clock.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"
#include "runtime/watchdog.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <optional>

namespace tn {

namespace {

struct watchdog_state {
  static inline const char* name = "watchdog";
  // The silence is measured in the clock's time (beats: wall time, or
  // replay time in a backtest), the last data dated at the beat before it.
  std::optional<watchdog> logic;
  timestamp now;
  // The market's time, for the forced decision's trigger: the trader, the
  // gate and the breaker compare it with the market times of other passes.
  market_clock market;
  event_log_actor log;
  trader_actor trader;
  uint64_t batches = 0;
};

using watchdog_ptr = watchdog_actor::stateful_pointer<watchdog_state>;

watchdog_actor::behavior_type watchdog_behavior(watchdog_ptr self, timespan no_data) {
  self->state.logic.emplace(no_data);
  return {
    [self](atom::time, timestamp now) {
      self->state.now = now;
      auto market_now = self->state.market.on_beat(now);
      if (auto silence = self->state.logic->on_time(now)) {
        auto text = "no market data for " + format_duration(*silence);
        publish_event(self, now, severity::warning, text);
        // Positions must not ride blind: the trader decides on what it has.
        if (self->state.trader)
          self->send(self->state.trader, atom::pass_v,
                     gate_pass{"", pass_reason::watchdog, text, market_now.value_or(now)});
      }
    },
    [self](const tick_batch& batch) {
      ++self->state.batches;
      for (auto& t : batch.ticks)
        self->state.market.on_data(t.ts_event);
      for (auto& bar : batch.closed)
        self->state.market.on_data(bar.open_time + length_of(bar.span));
      if (auto silence = self->state.logic->on_data(self->state.now))
        publish_event(self, self->state.now, severity::info,
                      "market data resumed after " + format_duration(*silence) + " of silence");
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "event_log")
        self->state.log = caf::actor_cast<event_log_actor>(hdl);
      else if (name == "trader")
        self->state.trader = caf::actor_cast<trader_actor>(hdl);
    },
    [self](atom::status) {
      return counters_report(watchdog_state::name,
                             {{"batches", self->state.batches},
                              {"warnings", self->state.logic->warnings()}});
    },
  };
}

} // namespace

watchdog_actor spawn_watchdog(caf::actor_system& sys, timespan no_data) {
  return sys.spawn(watchdog_behavior, no_data);
}

caf::expected<caf::actor> spawn_watchdog(service_context& ctx) {
  auto no_data = ctx.cfg.watchdog.no_data;
  if (no_data <= timespan::zero())
    return caf::make_error(ec::invalid_config, "watchdog.no_data must be positive");
  return caf::actor_cast<caf::actor>(spawn_watchdog(ctx.sys, no_data));
}

} // namespace tn
