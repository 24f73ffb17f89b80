#pragma once

// Runs a sweep's points as child processes, `parallel` at a time, each
// `prefix... --config DIR/point-N/config.yaml --out DIR/point-N args...`
// (prefix is the tradenode binary and "backtest"; tests pass a stand-in).
// A child's stdout and stderr go to DIR/point-N/backtest.log; its
// report.json is read back for the summary. Blocking; no CAF.

#include "backtest/sweep/grid.hpp"
#include "backtest/sweep/summary.hpp"
#include "runtime/process/canceller.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace tn::backtest {

struct child_command {
  std::vector<std::string> prefix; // program and its first arguments
  std::vector<std::string> args;   // after --config and --out
  std::vector<std::string> env;    // the whole environment, "NAME=value"
  std::chrono::milliseconds timeout{std::chrono::hours{6}};
  unsigned parallel = 1;
  /// Once cancelled (Ctrl-C), running points are stopped and the rest
  /// are not started; they are listed as failed.
  const process_canceller* cancel = nullptr;
};

/// The directory of point `index` under `out_dir`: out_dir/point-N.
std::string point_dir(const std::string& out_dir, size_t index);

/// Runs every point whose config was written to point_dir(...)/config.yaml
/// and returns their outcomes in grid order. `done` is called (one call at
/// a time) as each point ends.
std::vector<point_outcome> run_points(const child_command& command,
                                      const std::vector<sweep_point>& points,
                                      const std::string& out_dir,
                                      const std::function<void(const point_outcome&)>& done);

} // namespace tn::backtest
