#include "backtest/sweep/grid.hpp"

namespace tn::backtest {

namespace {

std::string last_part(const std::string& key) {
  auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

} // namespace

std::vector<sweep_point> expand_grid(const std::vector<grid_axis>& axes) {
  std::vector<std::string> names;
  for (auto& a : axes) {
    auto name = last_part(a.key);
    size_t same = 0;
    for (auto& b : axes)
      same += last_part(b.key) == name ? 1 : 0;
    names.push_back(same > 1 ? a.key : name);
  }
  std::vector<sweep_point> out;
  for (auto& a : axes)
    if (a.values.empty())
      return out;
  std::vector<size_t> at(axes.size(), 0);
  for (;;) {
    sweep_point p;
    p.index = out.size() + 1;
    for (size_t i = 0; i < axes.size(); ++i) {
      auto& value = axes[i].values[at[i]];
      p.overrides.emplace_back(axes[i].key, value);
      p.label += (i > 0 ? "," : "") + names[i] + "=" + value;
    }
    out.push_back(std::move(p));
    // Odometer: the last axis turns first.
    size_t i = axes.size();
    while (i > 0) {
      --i;
      if (++at[i] < axes[i].values.size())
        break;
      at[i] = 0;
      if (i == 0)
        return out;
    }
    if (axes.empty())
      return out;
  }
}

} // namespace tn::backtest
