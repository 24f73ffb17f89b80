#pragma once

// The position tracker's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The position tracker, under "tracker" and "execution" (and trader.safety).
node_service position_tracker_service();

} // namespace tn
