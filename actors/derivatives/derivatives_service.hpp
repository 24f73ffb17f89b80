#pragma once

// The derivatives monitor's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

#include <string>
#include <vector>

namespace tn {

/// The derivatives monitor: USDⓈ-M futures with live market data only.
node_service derivatives_monitor_service();

/// Whether the node runs it under `cfg`: futures, and not a backtest (it
/// polls the exchange's REST API, which a backtest does not reach).
bool runs_derivatives_monitor(const node_config& cfg);

/// Its line of the start-up summary: what it polls and how often, or that
/// it is off and why (said once, at start).
std::vector<std::string> derivatives_summary(const node_config& cfg);

} // namespace tn
