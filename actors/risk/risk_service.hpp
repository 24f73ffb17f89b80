#pragma once

// Risk's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// Risk, under "risk": between the trader and the broker.
node_service risk_service();

} // namespace tn
