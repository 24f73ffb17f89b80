#pragma once

// The evaluator's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The evaluator: the fallback decider, under "evaluator".
node_service evaluator_service();

} // namespace tn
