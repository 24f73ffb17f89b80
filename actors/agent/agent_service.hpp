#pragma once

// The agent's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The agent: the model's decisions, under "agent".
node_service agent_service();

} // namespace tn
