#pragma once

// The market_store's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// The market store: candle history per symbol, live market data only.
node_service market_store_service();

} // namespace tn
