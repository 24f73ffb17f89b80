#include "backtest/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <utility>

namespace tn::backtest {

namespace {

constexpr int margin_left = 70;
constexpr int margin_right = 10;
constexpr int margin_top = 24;
constexpr int margin_bottom = 22;

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", x);
  return buf;
}

std::string y_label(double y, bool percent) {
  char buf[40];
  if (percent)
    std::snprintf(buf, sizeof(buf), "%.2f%%", y * 100);
  else
    std::snprintf(buf, sizeof(buf), "%.8g", y);
  return buf;
}

int column_of(double x, double x0, double x1, int columns) {
  if (x1 <= x0)
    return 0;
  auto c = static_cast<int>((x - x0) / (x1 - x0) * columns);
  return std::clamp(c, 0, columns - 1);
}

} // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<xy> downsample_min_max(const std::vector<xy>& points, double x0, double x1,
                                   int columns) {
  std::vector<xy> out;
  if (columns < 1)
    columns = 1;
  size_t i = 0;
  while (i < points.size()) {
    auto col = column_of(points[i].x, x0, x1, columns);
    size_t lo = i, hi = i, j = i;
    for (; j < points.size() && column_of(points[j].x, x0, x1, columns) == col; ++j) {
      if (points[j].y < points[lo].y)
        lo = j;
      if (points[j].y > points[hi].y)
        hi = j;
    }
    if (lo == hi) {
      out.push_back(points[lo]);
    } else {
      out.push_back(points[std::min(lo, hi)]);
      out.push_back(points[std::max(lo, hi)]);
    }
    i = j;
  }
  return out;
}

std::string render_svg(const chart& c) {
  int plot_w = c.width - margin_left - margin_right;
  int plot_h = c.height - margin_top - margin_bottom;
  std::vector<chart_line> lines;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (auto& l : c.lines) {
    auto pts = downsample_min_max(l.points, c.x0, c.x1, plot_w);
    for (auto& p : pts) {
      lo = std::min(lo, p.y);
      hi = std::max(hi, p.y);
    }
    lines.push_back({std::move(pts), l.color, l.label});
  }
  for (auto& m : c.markers) {
    lo = std::min(lo, m.y);
    hi = std::max(hi, m.y);
  }
  if (!(lo <= hi)) {
    lo = 0;
    hi = 1;
  }
  if (c.include_zero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (hi == lo) // flat at zero: show a small range below it
      lo = -0.01;
  }
  if (hi == lo) {
    hi += 0.5;
    lo -= 0.5;
  }
  auto px = [&](double x) {
    return c.x1 > c.x0 ? margin_left + (x - c.x0) / (c.x1 - c.x0) * plot_w : margin_left;
  };
  auto py = [&](double y) { return margin_top + (hi - y) / (hi - lo) * plot_h; };

  std::string s = "<svg width=\"" + std::to_string(c.width)
                  + "\" height=\"" + std::to_string(c.height) + "\" viewBox=\"0 0 "
                  + std::to_string(c.width) + " " + std::to_string(c.height)
                  + "\" role=\"img\">\n";
  s += "<title>" + html_escape(c.title) + "</title>\n";
  s += "<text x=\"" + std::to_string(margin_left) + "\" y=\"16\" class=\"ct\">"
       + html_escape(c.title) + "</text>\n";
  s += "<rect x=\"" + std::to_string(margin_left) + "\" y=\"" + std::to_string(margin_top)
       + "\" width=\"" + std::to_string(plot_w) + "\" height=\"" + std::to_string(plot_h)
       + "\" fill=\"none\" stroke=\"#ccc\"/>\n";
  s += "<text x=\"" + std::to_string(margin_left - 4) + "\" y=\"" + num(margin_top + 10)
       + "\" text-anchor=\"end\" class=\"ax\">" + html_escape(y_label(hi, c.percent))
       + "</text>\n";
  s += "<text x=\"" + std::to_string(margin_left - 4) + "\" y=\"" + num(margin_top + plot_h)
       + "\" text-anchor=\"end\" class=\"ax\">" + html_escape(y_label(lo, c.percent))
       + "</text>\n";
  s += "<text x=\"" + std::to_string(margin_left) + "\" y=\"" + std::to_string(c.height - 6)
       + "\" class=\"ax\">" + html_escape(c.x0_label) + "</text>\n";
  s += "<text x=\"" + std::to_string(c.width - margin_right) + "\" y=\""
       + std::to_string(c.height - 6) + "\" text-anchor=\"end\" class=\"ax\">"
       + html_escape(c.x1_label) + "</text>\n";
  int legend_x = c.width - margin_right - 4;
  for (auto i = lines.size(); i-- > 0;) {
    auto& l = lines[i];
    if (!l.label.empty()) {
      s += "<text x=\"" + std::to_string(legend_x) + "\" y=\"16\" text-anchor=\"end\" fill=\""
           + html_escape(l.color) + "\" class=\"ax\">" + html_escape(l.label) + "</text>\n";
      legend_x -= 10 + 7 * static_cast<int>(l.label.size());
    }
  }
  for (auto& l : lines) {
    if (l.points.empty())
      continue;
    s += "<polyline fill=\"none\" stroke-width=\"1\" stroke=\"" + html_escape(l.color)
         + "\" points=\"";
    for (size_t i = 0; i < l.points.size(); ++i) {
      if (i > 0)
        s += ' ';
      s += num(px(l.points[i].x)) + "," + num(py(l.points[i].y));
    }
    s += "\"/>\n";
  }
  // One marker per column and side: a year of trades stays bounded.
  std::map<std::pair<int, bool>, chart_marker> merged;
  for (auto& m : c.markers)
    merged.emplace(std::make_pair(column_of(m.x, c.x0, c.x1, plot_w), m.up), m);
  for (auto& [key, m] : merged) {
    auto x = px(m.x), y = py(m.y);
    if (m.up)
      s += "<path class=\"buy\" d=\"M" + num(x) + " " + num(y) + " l-4 7 h8 z\"/>\n";
    else
      s += "<path class=\"sell\" d=\"M" + num(x) + " " + num(y) + " l-4 -7 h8 z\"/>\n";
  }
  s += "</svg>\n";
  return s;
}

} // namespace tn::backtest
