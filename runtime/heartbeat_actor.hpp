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

/// Where the heartbeat actor runs.
enum class heartbeat_thread : uint8_t {
  /// A thread of its own (the node): the file write may block on disk, and
  /// must not hold up a scheduler thread the other actors share.
  own,
  /// The scheduler, for tests on CAF's test coordinator, which drives no
  /// detached actor.
  scheduler,
};

/// A heartbeat service writing `settings.path`.
heartbeat_actor spawn_heartbeat(caf::actor_system& sys, heartbeat_settings settings,
                                heartbeat_thread where = heartbeat_thread::own);

/// The heartbeat service: node.data_dir/node.heartbeat_file every
/// node.heartbeat_interval, stamped with this process's id.
caf::expected<caf::actor> spawn_heartbeat(service_context& ctx);

} // namespace tn
