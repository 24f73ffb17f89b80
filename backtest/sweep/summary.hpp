#pragma once

// A sweep's summary: each point's metrics read back from its report.json,
// ranked by the chosen metric, as summary.csv and summary.html. Points
// that failed are listed after the ranked ones, with their error. Pure.

#include "backtest/sweep/grid.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tn::backtest {

struct point_outcome {
  sweep_point point;
  bool ok = false;
  std::string error;  // why the point failed; "" if ok
  std::string dir;    // its output directory, relative to the sweep's
  std::string log;    // its log file, relative to the sweep's directory
  std::map<std::string, std::optional<double>> ratios; // rankable_metrics()
  uint64_t trades = 0;
  std::string net_pnl;      // exact decimal text, as in report.json
  std::string fees;
  std::string final_equity;
};

/// Fills `p`'s metrics from a report.json's text; false with `error` when
/// it is not a report.
bool read_point_report(const std::string& json, point_outcome& p, std::string& error);

/// The points in summary order: the succeeded ones by `metric` (highest
/// first; lowest first for max_drawdown), those without a value for it
/// after them, then the failed ones; ties keep the grid's order.
std::vector<const point_outcome*> rank_points(const std::vector<point_outcome>& points,
                                              const std::string& metric);

/// summary.csv: rank (empty for failed points), point, label, one column
/// per grid key, the metrics, error.
std::string summary_csv(const std::vector<const point_outcome*>& ranked,
                        const std::vector<grid_axis>& axes, const std::string& metric);

/// summary.html: the same table on a self-contained page; each point links
/// to its report.html.
std::string summary_html(const std::vector<const point_outcome*>& ranked,
                         const std::vector<grid_axis>& axes, const std::string& metric);

} // namespace tn::backtest
