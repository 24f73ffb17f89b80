#pragma once

// A whole sweep: the grid's point configs written and checked, the points
// run as child backtests, the summary written. No CAF; the command line
// (sweep_command.hpp) supplies the config check and the child program.

#include "backtest/sweep/runner.hpp"
#include "backtest/sweep/sweep_file.hpp"

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace tn::backtest {

/// Checks one point's config file as the node would load it: "" if
/// accepted, else the loader's message (FILE:LINE:COLUMN: KEY: reason).
using config_check = std::function<std::string(const std::string& path)>;

/// Writes point_dir(out_dir, N)/config.yaml for every point: the base
/// config with the point's overrides, and node.data_dir set to the point's
/// own data directory (parallel runs must not share a journal) unless the
/// grid sets it. Each is checked with `check`; a refused point is
/// reported as "point N (label): why" in `errors`. False if any point
/// could not be written or was refused.
bool prepare_points(const std::string& base_yaml, const std::vector<sweep_point>& points,
                    const std::string& out_dir, const config_check& check,
                    std::vector<std::string>& errors);

/// Runs the sweep of `spec` into `out_dir`: prepare_points, then the
/// points through `prefix` (see child_command), then summary.csv and
/// summary.html. Progress and the ranking go to `out`, refusals to `err`.
/// 0 when every point produced a report, 1 when some failed, 2 when the
/// sweep could not start (a refused point config, an unreadable base).
/// `cancel`, once cancelled, stops the running points and skips the rest;
/// the summary is still written.
int run_sweep(const sweep_spec& spec, const std::string& out_dir,
              const std::vector<std::string>& prefix, const config_check& check,
              std::ostream& out, std::ostream& err, const process_canceller* cancel = nullptr);

} // namespace tn::backtest
