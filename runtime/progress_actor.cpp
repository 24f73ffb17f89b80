#include "runtime/progress_actor.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "runtime/periodic.hpp"
#include "runtime/progress.hpp"

#include <caf/all.hpp>

#include <optional>

namespace tn {

namespace {

/// How long a status request may take before its part of the line is left out.
constexpr auto status_timeout = std::chrono::seconds{2};

/// One sampling of both peers; the line is printed when nothing is pending.
struct sample {
  timestamp at;
  size_t pending = 0;
  std::optional<status_report> listener;
  std::optional<status_report> store;
  std::optional<status_report> trader;
};

struct progress_state {
  static inline const char* name = "progress";
  std::optional<periodic> cadence;
  progress_line line;
  line_sink sink;
  service_actor listener;
  service_actor store;
  service_actor trader;
  sample current;
  uint64_t lines = 0;
};

using progress_ptr = progress_actor::stateful_pointer<progress_state>;

void finish_one(progress_ptr self) {
  auto& st = self->state;
  if (--st.current.pending > 0)
    return;
  auto text = st.line.render(st.current.at, st.current.listener ? &*st.current.listener : nullptr,
                             st.current.store ? &*st.current.store : nullptr,
                             st.current.trader ? &*st.current.trader : nullptr);
  if (text.empty())
    return;
  ++st.lines;
  st.sink(text);
}

void ask(progress_ptr self, const service_actor& peer, std::optional<status_report> sample::*slot) {
  self->request(peer, status_timeout, atom::status_v)
    .then(
      [self, slot](const status_report& r) {
        self->state.current.*slot = r;
        finish_one(self);
      },
      [self](const caf::error&) { finish_one(self); });
}

void start_sample(progress_ptr self, timestamp now) {
  auto& st = self->state;
  // A sample still waiting for an answer keeps its place; the next one
  // comes an interval later.
  if (st.current.pending > 0)
    return;
  st.current = sample{};
  st.current.at = now;
  st.current.pending = (st.listener ? 1 : 0) + (st.store ? 1 : 0) + (st.trader ? 1 : 0);
  if (st.listener)
    ask(self, st.listener, &sample::listener);
  if (st.store)
    ask(self, st.store, &sample::store);
  if (st.trader)
    ask(self, st.trader, &sample::trader);
}

progress_actor::behavior_type progress_behavior(progress_ptr self, timespan interval,
                                                line_sink sink) {
  self->state.cadence.emplace(interval);
  self->state.sink = std::move(sink);
  return {
    [self](atom::time, timestamp now) {
      if (self->state.cadence->due(now))
        start_sample(self, now);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "market_listener")
        self->state.listener = caf::actor_cast<service_actor>(hdl);
      else if (name == "market_store")
        self->state.store = caf::actor_cast<service_actor>(hdl);
      else if (name == "trader")
        self->state.trader = caf::actor_cast<service_actor>(hdl);
    },
    [self](atom::status) {
      status_report r;
      r.service = progress_state::name;
      r.counters["lines"] = static_cast<int64_t>(self->state.lines);
      return r;
    },
  };
}

} // namespace

progress_actor spawn_progress(caf::actor_system& sys, timespan interval, line_sink sink) {
  return sys.spawn(progress_behavior, interval, std::move(sink));
}

caf::expected<caf::actor> spawn_progress(service_context& ctx) {
  auto interval = ctx.cfg.node.progress_interval;
  if (interval <= timespan::zero())
    return caf::make_error(ec::invalid_config, "node.progress_interval must be positive");
  return caf::actor_cast<caf::actor>(spawn_progress(ctx.sys, interval, stdout_sink()));
}

} // namespace tn
