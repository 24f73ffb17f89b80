#pragma once

// The macro regime's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The macro regime: the growth x inflation quadrant, under "macro".
node_service macro_regime_service();

} // namespace tn
