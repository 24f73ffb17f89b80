#include "runtime/clock_actor.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "runtime/clock.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <map>

namespace tn {

namespace {

struct clock_state {
  static inline const char* name = "clock";
  std::shared_ptr<const clock> source;
  std::map<std::string, time_listener_actor> listeners;
  uint64_t beats = 0;
};

clock_actor::behavior_type clock_behavior(clock_actor::stateful_pointer<clock_state> self,
                                          std::shared_ptr<const clock> source, timespan period) {
  self->state.source = std::move(source);
  // A zero period: the replay driver sends each beat after it moved the
  // replay clock, so no beat waits on wall time.
  if (period > timespan::zero())
    self->send(self, atom::beat_v);
  return {
    [self, period](atom::beat) {
      auto now = self->state.source->now();
      for (auto& [name, listener] : self->state.listeners)
        self->send(listener, atom::time_v, now);
      ++self->state.beats;
      if (period > timespan::zero())
        self->delayed_send(self, period, atom::beat_v);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (!hdl) {
        self->state.listeners.erase(name);
        return;
      }
      auto listener = caf::actor_cast<time_listener_actor>(hdl);
      self->state.listeners[name] = listener;
      // A (re)started listener learns the time now, not a period later.
      self->send(listener, atom::time_v, self->state.source->now());
    },
    [self](atom::status) {
      status_report r;
      r.service = clock_state::name;
      r.counters["beats"] = static_cast<int64_t>(self->state.beats);
      r.counters["listeners"] = static_cast<int64_t>(self->state.listeners.size());
      return r;
    },
  };
}

} // namespace

clock_actor spawn_clock(caf::actor_system& sys, std::shared_ptr<const clock> source,
                        timespan period) {
  return sys.spawn(clock_behavior, std::move(source), period);
}

caf::expected<caf::actor> spawn_clock(service_context& ctx, std::shared_ptr<const clock> source) {
  auto period = ctx.cfg.node.clock_period;
  if (period <= timespan::zero())
    return caf::make_error(ec::invalid_config, "node.clock_period must be positive");
  // A backtest's beats come from its driver, one per replayed event.
  if (ctx.cfg.node.mode == run_mode::backtest)
    period = timespan::zero();
  return caf::actor_cast<caf::actor>(spawn_clock(ctx.sys, std::move(source), period));
}

} // namespace tn
