#pragma once

// A sweep's grid: each axis a dotted config key and the values it takes;
// the points are their cartesian product. Pure.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace tn::backtest {

struct grid_axis {
  std::string key;                 // dotted, e.g. trader.safety.stop_loss
  std::vector<std::string> values; // YAML text of each value, e.g. 0.02
};

/// One point of the grid: its overrides in axis order and its label.
struct sweep_point {
  size_t index = 0; // 1-based, in expansion order
  std::string label; // stop_loss=0.02,trailing_stop=0.1
  std::vector<std::pair<std::string, std::string>> overrides; // key, value
};

/// Every combination, the last axis varying fastest (like nested loops in
/// axis order). A label names each axis by its key's last part, or by the
/// whole key when two axes share that part. No axes: one point without
/// overrides (the base config alone); an axis without values: no points.
std::vector<sweep_point> expand_grid(const std::vector<grid_axis>& axes);

} // namespace tn::backtest
