#pragma once

// node.scheduler: how CAF's work-stealing workers wait for work, by name.
// The node hands the settings to caf::actor_system_config before it starts
// the actor system. Pure: no CAF.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tn {

enum class scheduler_profile : uint8_t {
  /// CAF 0.17's own settings: an idle worker polls its queue 100 times,
  /// then sleeps in growing steps (50 µs, then 10 ms): little idle CPU, but
  /// a message to a sleeping worker waits for it to wake.
  caf_default = 0,
  /// Idle workers poll 100000 times (a few milliseconds) before they sleep:
  /// a tick that arrives while they spin is taken at once. Costs idle CPU
  /// on every worker thread after each burst of messages.
  low_latency,
};

inline const char* to_string(scheduler_profile x) {
  return x == scheduler_profile::low_latency ? "low_latency" : "default";
}

/// node.scheduler, kept with the node's sections by its type
/// (node_config::section<scheduler_config>()).
struct scheduler_config {
  scheduler_profile profile = scheduler_profile::caf_default;
};

/// One CAF 0.17 option (the key as actor_system_config::set takes it).
struct scheduler_setting {
  const char* key;
  size_t value;
};

/// The options `profile` sets; none for the default.
std::vector<scheduler_setting> scheduler_settings(scheduler_profile profile);

} // namespace tn
