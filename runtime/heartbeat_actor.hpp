#pragma once

// The heartbeat service: rewrites the heartbeat file once per interval of
// clock time; a failed write is reported to its peer "event_log".

#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <string>

namespace tn {

/// Where and what the heartbeat service writes.
struct heartbeat_settings {
  std::string path;
  timespan interval{};
  std::string mode;
  std::string name;
  int64_t pid = 0;
};

/// A heartbeat service writing `settings.path`.
heartbeat_actor spawn_heartbeat(caf::actor_system& sys, heartbeat_settings settings);

/// The heartbeat service: node.data_dir/node.heartbeat_file every
/// node.heartbeat_interval, stamped with this process's id.
caf::expected<caf::actor> spawn_heartbeat(service_context& ctx);

} // namespace tn
