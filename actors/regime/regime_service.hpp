#pragma once

// The regime detector's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The regime detector, under "regime"; live market modes only (it
/// fetches daily klines over REST).
node_service regime_detector_service();

} // namespace tn
