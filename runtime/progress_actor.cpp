#include "runtime/progress_actor.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "runtime/periodic.hpp"
#include "runtime/progress.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>

namespace tn {

namespace {

/// How long a status request may take before its part of the line is left out.
constexpr auto status_timeout = std::chrono::seconds{2};

// The services the line samples, by the names the supervisor announces.
constexpr const char* sampled[] = {"market_listener", "market_store", "trader", "broker",
                                   "position_tracker"};

/// One sampling of the peers; the line is printed when nothing is pending.
struct sample {
  timestamp at;
  size_t pending = 0;
  std::map<std::string, status_report> reports;

  const status_report* of(const char* name) const {
    auto i = reports.find(name);
    return i == reports.end() ? nullptr : &i->second;
  }
};

struct progress_state {
  static inline const char* name = "progress";
  std::optional<periodic> cadence;
  progress_line line;
  line_sink sink;
  std::map<std::string, service_actor> peers;
  sample current;
  uint64_t lines = 0;
};

using progress_ptr = progress_actor::stateful_pointer<progress_state>;

void finish_one(progress_ptr self) {
  auto& st = self->state;
  if (--st.current.pending > 0)
    return;
  auto& c = st.current;
  auto text = st.line.render(c.at, c.of("market_listener"), c.of("market_store"),
                             c.of("trader"), c.of("broker"), c.of("position_tracker"));
  if (text.empty())
    return;
  ++st.lines;
  st.sink(text);
}

void start_sample(progress_ptr self, timestamp now) {
  auto& st = self->state;
  // A sample still waiting for an answer keeps its place; the next one
  // comes an interval later.
  if (st.current.pending > 0)
    return;
  st.current = sample{};
  st.current.at = now;
  st.current.pending = st.peers.size();
  for (auto& [name, peer] : st.peers)
    self->request(peer, status_timeout, atom::status_v)
      .then(
        [self, name = name](const status_report& r) {
          self->state.current.reports[name] = r;
          finish_one(self);
        },
        [self](const caf::error&) { finish_one(self); });
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
      if (std::find(std::begin(sampled), std::end(sampled), name) != std::end(sampled))
        self->state.peers[name] = caf::actor_cast<service_actor>(hdl);
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
