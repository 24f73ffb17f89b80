#pragma once

// The paper broker's entry in the node's service table (actors/services.cpp).

#include "actors/broker/order_path.hpp"
#include "runtime/service_table.hpp"

namespace tn {

/// The paper broker, under "paper": simulated fills against the market.
node_service paper_broker_service();

} // namespace tn
