#pragma once

#include <caf/fwd.hpp>

namespace tn {

/// Registers every message type and the error category, under the same
/// names on every node, so any message can cross the network.
void add_message_types(caf::actor_system_config& cfg);

} // namespace tn
