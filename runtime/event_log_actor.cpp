#include "runtime/event_log_actor.hpp"

#include "messages/events.hpp"
#include "runtime/event_log.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <optional>

namespace tn {

namespace {

struct event_log_state {
  static inline const char* name = "event_log";
  std::optional<event_log> log;
  line_sink sink;
  journal_actor journal; // persists every event once announced
  // The clock's latest time, shown beside an event time that differs.
  std::optional<timestamp> wall;
  // A backtest's: the info lines held back, summed up when the log stops.
  std::optional<line_filter> filter;
  timestamp latest{};

  // CAF destroys the state when the actor terminates: the summary's place.
  ~event_log_state() {
    if (!filter || !sink)
      return;
    if (auto text = filter->summary(); !text.empty())
      sink(format_event_line(event{latest, name, severity::info, std::move(text)}, wall));
  }
};

event_log_actor::behavior_type
event_log_behavior(event_log_actor::stateful_pointer<event_log_state> self, uint32_t per_topic,
                   line_sink sink, bool quiet_info) {
  self->state.log.emplace(per_topic);
  self->state.sink = std::move(sink);
  if (quiet_info)
    self->state.filter.emplace();
  return {
    [self](atom::publish, const event& e) {
      auto& st = self->state;
      st.latest = std::max(st.latest, e.ts);
      if (st.sink && (!st.filter || st.filter->shows(e)))
        st.sink(format_event_line(e, st.wall));
      if (self->state.journal)
        self->send(self->state.journal, atom::publish_v, e);
      self->state.log->add(e);
    },
    [self](atom::events, const std::string& topic) { return self->state.log->query(topic); },
    [self](atom::time, timestamp now) { self->state.wall = now; },
    // Its one peer is the journal; it is everybody else's peer.
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "journal")
        self->state.journal = caf::actor_cast<journal_actor>(hdl);
    },
    [self](atom::status) {
      status_report r;
      r.service = event_log_state::name;
      r.counters["events"] = static_cast<int64_t>(self->state.log->total());
      r.counters["topics"] = static_cast<int64_t>(self->state.log->topics());
      return r;
    },
  };
}

} // namespace

event_log_actor spawn_event_log(caf::actor_system& sys, uint32_t per_topic, line_sink sink,
                                bool quiet_info) {
  return sys.spawn(event_log_behavior, per_topic, std::move(sink), quiet_info);
}

caf::expected<caf::actor> spawn_event_log(service_context& ctx) {
  // A backtest's report carries its decisions and orders: the terminal
  // shows its warnings and errors, and sums up the rest.
  return caf::actor_cast<caf::actor>(spawn_event_log(ctx.sys, ctx.cfg.event_log.per_topic,
                                                     stderr_sink(),
                                                     ctx.cfg.node.mode == run_mode::backtest));
}

} // namespace tn
