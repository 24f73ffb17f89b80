#include "runtime/heartbeat_actor.hpp"

#include "messages/error.hpp"
#include "messages/events.hpp"
#include "runtime/heartbeat.hpp"
#include "runtime/periodic.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <optional>

#include <unistd.h>

namespace tn {

namespace {

struct heartbeat_state {
  static inline const char* name = "heartbeat";
  heartbeat_settings settings;
  std::optional<periodic> cadence;
  event_log_actor log;
  uint64_t writes = 0;
  uint64_t failures = 0;
};

using heartbeat_ptr = heartbeat_actor::stateful_pointer<heartbeat_state>;

void beat(heartbeat_ptr self, timestamp now) {
  auto& st = self->state;
  auto content = heartbeat_json({now, st.settings.pid, st.settings.mode, st.settings.name});
  std::string error;
  if (write_file_atomically(st.settings.path, content, error)) {
    ++st.writes;
    return;
  }
  ++st.failures;
  if (st.log)
    self->send(st.log, atom::publish_v,
               event{now, heartbeat_state::name, severity::error, std::move(error)});
}

heartbeat_actor::behavior_type heartbeat_behavior(heartbeat_ptr self,
                                                  heartbeat_settings settings) {
  self->state.cadence.emplace(settings.interval);
  self->state.settings = std::move(settings);
  return {
    [self](atom::time, timestamp now) {
      if (self->state.cadence->due(now))
        beat(self, now);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "event_log")
        self->state.log = caf::actor_cast<event_log_actor>(hdl);
    },
    [self](atom::status) {
      status_report r;
      r.service = heartbeat_state::name;
      r.counters["writes"] = static_cast<int64_t>(self->state.writes);
      r.counters["failures"] = static_cast<int64_t>(self->state.failures);
      r.facts["path"] = self->state.settings.path;
      return r;
    },
  };
}

} // namespace

heartbeat_actor spawn_heartbeat(caf::actor_system& sys, heartbeat_settings settings,
                                heartbeat_thread where) {
  if (where == heartbeat_thread::own)
    return sys.spawn<caf::detached>(heartbeat_behavior, std::move(settings));
  return sys.spawn(heartbeat_behavior, std::move(settings));
}

caf::expected<caf::actor> spawn_heartbeat(service_context& ctx) {
  auto& node = ctx.cfg.node;
  if (node.heartbeat_interval <= timespan::zero())
    return caf::make_error(ec::invalid_config, "node.heartbeat_interval must be positive");
  heartbeat_settings settings{heartbeat_path(node.data_dir, node.heartbeat_file),
                              node.heartbeat_interval, to_string(node.mode), node.name,
                              static_cast<int64_t>(::getpid())};
  auto where = own_threads(ctx.cfg) ? heartbeat_thread::own : heartbeat_thread::scheduler;
  return caf::actor_cast<caf::actor>(spawn_heartbeat(ctx.sys, std::move(settings), where));
}

} // namespace tn
