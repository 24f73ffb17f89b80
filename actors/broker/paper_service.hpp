#pragma once

// The paper broker's entry in the node's service table (actors/services.cpp).

#include "runtime/service_table.hpp"

namespace tn {

/// For node_service::runs of the order path (broker, tracker, risk): on
/// paper, until the exchange's broker exists.
inline bool trades_on_paper(const node_config& cfg) {
  return cfg.node.mode == run_mode::paper;
}

/// The paper broker, under "paper": simulated fills against the market.
node_service paper_broker_service();

} // namespace tn
