#pragma once

// The binance broker's entry in the node's service table (actors/services.cpp).

#include "actors/broker/order_path.hpp"
#include "runtime/service_table.hpp"

namespace tn {

/// The binance broker, under "broker" like the paper broker: exactly one
/// of them runs.
node_service binance_broker_service();

} // namespace tn
