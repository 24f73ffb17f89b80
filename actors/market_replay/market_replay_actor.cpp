#include "actors/market_replay/market_replay_actor.hpp"

#include "messages/events.hpp"
#include "messages/market.hpp"
#include "runtime/status_counters.hpp"
#include "runtime/time_format.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <map>
#include <string>

namespace tn {

namespace {

struct replay_state {
  static inline const char* name = "market_replay";
  std::map<std::string, market_data_sink_actor> sinks; // by service name: a fixed order
  uint64_t total = 0;   // bars the run replays
  uint64_t candles = 0; // bars forwarded
  uint64_t batches = 0;
  timestamp last; // the newest bar's close
};

market_replay_actor::behavior_type
replay_behavior(market_replay_actor::stateful_pointer<replay_state> self, uint64_t total) {
  self->state.total = total;
  return {
    [self](const tick_batch& batch) {
      auto& st = self->state;
      ++st.batches;
      st.candles += batch.closed.size();
      for (auto& t : batch.ticks)
        st.last = std::max(st.last, t.ts_event);
      for (auto& [name, sink] : st.sinks)
        self->send(sink, batch);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "event_log")
        return;
      if (!hdl)
        self->state.sinks.erase(name);
      else
        self->state.sinks[name] = caf::actor_cast<market_data_sink_actor>(hdl);
    },
    [self](atom::status) {
      auto& st = self->state;
      auto r = counters_report(replay_state::name, {{"candles", st.candles},
                                                    {"total", st.total},
                                                    {"batches", st.batches},
                                                    {"sinks", st.sinks.size()}});
      if (st.total > 0)
        r.facts["progress"] = std::to_string(st.candles * 100 / st.total) + "%";
      if (st.last != timestamp{})
        r.facts["replay_time"] = format_timestamp_seconds(st.last);
      return r;
    },
  };
}

} // namespace

market_replay_actor spawn_market_replay(caf::actor_system& sys, uint64_t total) {
  return sys.spawn(replay_behavior, total);
}

} // namespace tn
