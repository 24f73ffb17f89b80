#pragma once

// Which services of the order path run in which mode (node_service::runs):
// the paper broker on paper and in a backtest, the binance broker on testnet
// and live, and risk and the position tracker with either.

#include "runtime/config/config.hpp"

namespace tn {

inline bool trades_on_paper(const node_config& cfg) {
  // A backtest fills on the paper broker, in replay time.
  return cfg.node.mode == run_mode::paper || cfg.node.mode == run_mode::backtest;
}

inline bool trades_on_exchange(const node_config& cfg) {
  return cfg.node.mode == run_mode::testnet || cfg.node.mode == run_mode::live;
}

inline bool runs_order_path(const node_config& cfg) {
  return trades_on_paper(cfg) || trades_on_exchange(cfg);
}

} // namespace tn
