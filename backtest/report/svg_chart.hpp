#pragma once

// Inline SVG line charts for report.html, bounded in size whatever the
// run's length: a series is drawn from at most two points per pixel column
// (that column's minimum and maximum, in the order they occurred), so a
// year of 1m samples draws as about 2 x width points and a one-sample
// drawdown spike still shows. Markers (entries, exits) are merged per
// column and side the same way.

#include <cstdint>
#include <string>
#include <vector>

namespace tn::backtest {

struct xy {
  double x = 0; // time, any unit (the report uses seconds since the epoch)
  double y = 0;
};

/// At most two points per column of [x0, x1] split into `columns`: the
/// column's lowest and highest point, in their original order (one point
/// when they coincide). `points` must be in x order.
std::vector<xy> downsample_min_max(const std::vector<xy>& points, double x0, double x1,
                                   int columns);

struct chart_line {
  std::vector<xy> points;
  std::string color; // a CSS colour, e.g. "#1f77b4"
  std::string label;
};

struct chart_marker {
  double x = 0;
  double y = 0;
  bool up = true; // a buy (triangle up) or a sell (triangle down)
};

struct chart {
  std::string title;
  int width = 900;
  int height = 220;
  double x0 = 0, x1 = 1;     // the time range shown
  std::string x0_label, x1_label; // printed under the axis ends
  bool percent = false;      // y labels as percentages of 1
  bool include_zero = false; // the y range reaches 0 (drawdown's top)
  std::vector<chart_line> lines;
  std::vector<chart_marker> markers;
};

/// The chart as one <svg> element; all text escaped.
std::string render_svg(const chart& c);

/// `text` with &, <, >, " and ' replaced by entities.
std::string html_escape(const std::string& text);

} // namespace tn::backtest
