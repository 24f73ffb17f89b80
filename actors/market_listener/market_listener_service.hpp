#pragma once

// The market_listener's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The market listener: the exchange's streams and REST, live market data only.
node_service market_listener_service();

} // namespace tn
