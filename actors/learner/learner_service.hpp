#pragma once

// The learner's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The learner: Thompson sampling over the decisions' signals, under
/// "learner".
node_service learner_service();

} // namespace tn
