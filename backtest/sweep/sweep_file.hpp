#pragma once

// The sweep file (tradenode backtest --sweep FILE), e.g.
//
//   base: configs/backtest.yaml   # the config every point starts from
//   rank_by: sharpe               # the metric the summary ranks by
//   parallel: 2                   # child processes at a time (1 to 64)
//   timeout: 6h                   # per point (1s to 7d)
//   env: [TN_BACKTEST_DIR]        # variables the children get besides PATH, HOME
//   args: [--from, 2024-01-01]    # more arguments for every point's backtest
//   grid:                         # dotted config keys and their values
//     trader.safety.stop_loss: [0.02, 0.04]
//     trader.safety.trailing_stop: [0.08, 0.12]
//
// Unknown keys are refused, as in the node's config. Paths are relative
// to the working directory, as --config is.

#include "backtest/sweep/grid.hpp"
#include "messages/fwd.hpp"
#include "runtime/config/env_subst.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn::backtest {

/// Metrics a sweep ranks by: the numbers of report.json's "metrics".
/// max_drawdown ranks lowest first, the others highest first.
const std::vector<std::string>& rankable_metrics();

struct sweep_spec {
  std::string base;
  std::string rank_by = "sharpe";
  uint32_t parallel = 2;
  timespan timeout = std::chrono::hours{6};
  std::vector<std::string> env;
  std::vector<std::string> args;
  std::vector<grid_axis> grid;
};

/// Reads the sweep file's text; `source` names it in errors
/// (FILE:LINE:COLUMN: KEY: reason). False with `error` on a refusal.
bool parse_sweep_spec(const std::string& yaml, const std::string& source, sweep_spec& out,
                      std::string& error, const env_lookup& env = process_env);

} // namespace tn::backtest
