#pragma once

// The trader's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The trader: the decision loop's orchestrator, under "trader"; its
/// start-up lines say who decides and when.
node_service trader_service();

} // namespace tn
