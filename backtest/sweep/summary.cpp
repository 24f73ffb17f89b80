#include "backtest/sweep/summary.hpp"

#include "backtest/report/csv_field.hpp"
#include "backtest/report/report_json.hpp"
#include "backtest/report/svg_chart.hpp"
#include "backtest/sweep/sweep_file.hpp"
#include "runtime/json/json_read.hpp"

#include <algorithm>
#include <cmath>

namespace tn::backtest {

namespace {

std::string ratio_text(const point_outcome& p, const std::string& name) {
  auto i = p.ratios.find(name);
  if (!p.ok || i == p.ratios.end() || !i->second)
    return "";
  return format_ratio(i->second);
}

std::string override_value(const point_outcome& p, const std::string& key) {
  for (auto& [k, v] : p.point.overrides)
    if (k == key)
      return v;
  return "";
}

} // namespace

bool read_point_report(const std::string& json, point_outcome& p, std::string& error) {
  simdjson::dom::parser parser;
  auto doc = json_read::parse(parser, json);
  simdjson::dom::object root;
  simdjson::dom::object m;
  if (doc.error() || doc.value().get_object().get(root) || root["metrics"].get_object().get(m)) {
    error = "report.json holds no metrics";
    return false;
  }
  for (auto& name : rankable_metrics()) {
    double x = 0;
    int64_t whole = 0;
    if (json_read::get(m, name, x))
      p.ratios[name] = x;
    else if (json_read::get(m, name, whole))
      p.ratios[name] = static_cast<double>(whole);
    else
      p.ratios[name] = std::nullopt;
  }
  p.trades = json_read::count_or_zero(m, "trades");
  p.net_pnl = json_read::string_or(m, "net_pnl");
  p.fees = json_read::string_or(m, "fees");
  p.final_equity = json_read::string_or(m, "final_equity");
  return true;
}

std::vector<const point_outcome*> rank_points(const std::vector<point_outcome>& points,
                                              const std::string& metric) {
  bool lower_first = metric == "max_drawdown";
  auto key = [&](const point_outcome& p) -> std::optional<double> {
    if (!p.ok)
      return std::nullopt;
    auto i = p.ratios.find(metric);
    if (i == p.ratios.end() || !i->second || !std::isfinite(*i->second))
      return std::nullopt;
    return i->second;
  };
  std::vector<const point_outcome*> out;
  for (auto& p : points)
    out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [&](const point_outcome* a, const point_outcome* b) {
    // Classes: ranked (0), succeeded without a value (1), failed (2).
    auto ka = key(*a), kb = key(*b);
    int ca = ka ? 0 : a->ok ? 1 : 2;
    int cb = kb ? 0 : b->ok ? 1 : 2;
    if (ca != cb)
      return ca < cb;
    if (ca != 0)
      return false;
    return lower_first ? *ka < *kb : *ka > *kb;
  });
  return out;
}

std::string summary_csv(const std::vector<const point_outcome*>& ranked,
                        const std::vector<grid_axis>& axes, const std::string& metric) {
  std::string out = "rank,point,label";
  for (auto& a : axes)
    out += "," + csv_field(a.key);
  for (auto& name : rankable_metrics())
    out += "," + name;
  out += ",trades,net_pnl,fees,final_equity,error\n";
  size_t rank = 0;
  for (auto* p : ranked) {
    bool has_value = p->ok && !ratio_text(*p, metric).empty();
    out += (has_value ? std::to_string(++rank) : std::string{}) + ","
           + std::to_string(p->point.index) + "," + csv_field(p->point.label);
    for (auto& a : axes)
      out += "," + csv_field(override_value(*p, a.key));
    for (auto& name : rankable_metrics())
      out += "," + ratio_text(*p, name);
    out += "," + (p->ok ? std::to_string(p->trades) : std::string{}) + "," + p->net_pnl + ","
           + p->fees + "," + p->final_equity + "," + csv_field(p->error) + "\n";
  }
  return out;
}

std::string summary_html(const std::vector<const point_outcome*>& ranked,
                         const std::vector<grid_axis>& axes, const std::string& metric) {
  std::string out =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Backtest sweep</title>\n<style>body{font-family:sans-serif;margin:20px}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;"
    "text-align:right}th{background:#f3f3f3}td.l{text-align:left}.err{color:#b00}"
    "</style>\n</head>\n<body>\n<h1>Backtest sweep</h1>\n<p>"
    + std::to_string(ranked.size()) + " points, ranked by " + html_escape(metric)
    + (metric == "max_drawdown" ? " (lowest first)" : " (highest first)")
    + "</p>\n<table>\n<tr><th>Rank</th><th>Point</th>";
  for (auto& a : axes)
    out += "<th>" + html_escape(a.key) + "</th>";
  for (auto& name : rankable_metrics())
    out += "<th>" + html_escape(name) + "</th>";
  out += "<th>trades</th><th>net_pnl</th><th>fees</th><th>final_equity</th><th>error</th></tr>\n";
  size_t rank = 0;
  for (auto* p : ranked) {
    bool has_value = p->ok && !ratio_text(*p, metric).empty();
    out += "<tr><td>" + (has_value ? std::to_string(++rank) : std::string{}) + "</td>";
    auto index = std::to_string(p->point.index);
    if (p->ok)
      out += "<td class=\"l\"><a href=\"" + html_escape(p->dir) + "/report.html\">" + index
             + "</a></td>";
    else
      out += "<td class=\"l\"><a href=\"" + html_escape(p->log) + "\">" + index + "</a></td>";
    for (auto& a : axes)
      out += "<td>" + html_escape(override_value(*p, a.key)) + "</td>";
    for (auto& name : rankable_metrics())
      out += "<td>" + html_escape(ratio_text(*p, name)) + "</td>";
    out += "<td>" + (p->ok ? std::to_string(p->trades) : std::string{}) + "</td><td>"
           + html_escape(p->net_pnl) + "</td><td>" + html_escape(p->fees) + "</td><td>"
           + html_escape(p->final_equity) + "</td><td class=\"l err\">" + html_escape(p->error)
           + "</td></tr>\n";
  }
  out += "</table>\n</body>\n</html>\n";
  return out;
}

} // namespace tn::backtest
