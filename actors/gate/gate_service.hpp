#pragma once

// The gate's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The gate: decides when a decision is worth making, under "gate".
node_service gate_service();

} // namespace tn
