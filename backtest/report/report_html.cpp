#include "backtest/report/report_html.hpp"

#include "backtest/report/metrics.hpp"
#include "backtest/report/report_json.hpp"
#include "backtest/report/svg_chart.hpp"
#include "runtime/time_format.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>

namespace tn::backtest {

namespace {

const std::string none = "\xE2\x80\x94"; // an em dash: undefined

constexpr const char* style = R"(body{font-family:sans-serif;margin:20px;color:#222}
table{border-collapse:collapse;margin:8px 0 20px}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}td.l,th.l{text-align:left}
.warn{background:#fff3cd;border:1px solid #e0c060;padding:8px 12px;margin-bottom:16px}
.ct{font-size:13px;font-weight:bold}.ax{font-size:11px;fill:#555}
.buy{fill:#2ca02c}.sell{fill:#d62728}
svg{display:block;margin:8px 0}
)";

std::string pct(std::optional<double> x) {
  if (!x || !std::isfinite(*x))
    return none;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.2f%%", *x * 100);
  return buf;
}

std::string fixed(std::optional<double> x) {
  if (!x || !std::isfinite(*x))
    return none;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.3f", *x);
  return buf;
}

std::string money(decimal x) {
  return to_string(x, 2);
}

double secs(timestamp t) {
  return static_cast<double>(to_unix_ms(t)) / 1000.0;
}

std::string cell(const std::string& text, bool left = false) {
  return std::string{left ? "<td class=\"l\">" : "<td>"} + html_escape(text) + "</td>";
}

std::string head_cell(const std::string& text, bool left = false) {
  return std::string{left ? "<th class=\"l\">" : "<th>"} + html_escape(text) + "</th>";
}

using metric_text = std::function<std::string(const metrics&)>;

void metrics_table(std::string& out, const metrics& run, const metrics* eval) {
  struct row {
    const char* name;
    metric_text text;
    std::string buy_and_hold;
  };
  auto& b = run.basket;
  // Without prices there is no basket: its drawdown is unknown, not 0.
  bool basket = b.total_return.has_value();
  auto bh = [&](std::string text) { return basket ? text : none; };
  std::vector<row> rows = {
    {"Total return", [](auto& m) { return pct(m.total_return); }, pct(b.total_return)},
    {"CAGR", [](auto& m) { return pct(m.cagr); }, pct(b.cagr)},
    {"Sharpe (annualised)", [](auto& m) { return fixed(m.sharpe); }, fixed(b.sharpe)},
    {"Sortino (annualised)", [](auto& m) { return fixed(m.sortino); }, fixed(b.sortino)},
    {"Calmar", [](auto& m) { return fixed(m.calmar); }, fixed(b.calmar)},
    {"Max drawdown", [](auto& m) { return pct(m.max_drawdown); }, bh(pct(b.max_drawdown))},
    {"Max drawdown duration",
     [](auto& m) { return human_duration(m.max_drawdown_duration); },
     bh(human_duration(b.max_drawdown_duration))},
    {"Closed trades", [](auto& m) { return std::to_string(m.trades); }, none},
    {"Win rate", [](auto& m) { return pct(m.win_rate); }, none},
    {"Profit factor", [](auto& m) { return fixed(m.profit_factor); }, none},
    {"Expectancy per trade",
     [](auto& m) { return m.expectancy ? money(*m.expectancy) : none; }, none},
    {"Net PnL (closed trades)", [](auto& m) { return money(m.net_pnl); }, none},
    {"Fees paid", [](auto& m) { return money(m.fees); }, none},
    {"Funding paid", [](auto& m) { return money(m.funding_paid); }, none},
    {"Funding received", [](auto& m) { return money(m.funding_received); }, none},
    {"Net funding", [](auto& m) { return money(m.funding_net); }, none},
    {"Exposure time", [](auto& m) { return pct(m.exposure_time); }, none},
    {"Final equity", [](auto& m) { return money(m.final_equity); }, none},
  };
  out += "<h2>Metrics</h2>\n<table>\n<tr>" + head_cell("Metric", true) + head_cell("This run");
  if (eval)
    out += head_cell("Evaluator only");
  out += head_cell("Buy and hold (equal-weighted basket)") + "</tr>\n";
  for (auto& r : rows) {
    out += "<tr>" + cell(r.name, true) + cell(r.text(run));
    if (eval)
      out += cell(r.text(*eval));
    out += cell(r.buy_and_hold) + "</tr>\n";
  }
  out += "</table>\n";
}

void symbol_table(std::string& out, const metrics& m) {
  out += "<h2>Per symbol</h2>\n<table>\n<tr>" + head_cell("Symbol", true) + head_cell("Trades")
         + head_cell("Win rate") + head_cell("PnL") + head_cell("Fees")
         + head_cell("Funding paid") + head_cell("Funding received") + head_cell("Net funding")
         + head_cell("Buy and hold") + "</tr>\n";
  for (auto& [symbol, s] : m.symbols)
    out += "<tr>" + cell(symbol, true) + cell(std::to_string(s.trades)) + cell(pct(s.win_rate))
           + cell(money(s.pnl)) + cell(money(s.fees)) + cell(money(s.funding_paid))
           + cell(money(s.funding_received)) + cell(money(s.funding_net))
           + cell(pct(s.buy_and_hold)) + "</tr>\n";
  out += "</table>\n";
}

chart time_chart(const record& run, std::string title) {
  chart c;
  c.title = std::move(title);
  c.x0 = secs(run.from);
  c.x1 = secs(run.to);
  if (!run.equity.empty() && c.x1 <= c.x0) {
    c.x0 = secs(run.equity.front().time);
    c.x1 = secs(run.equity.back().time);
  }
  c.x0_label = format_timestamp_seconds(run.from);
  c.x1_label = format_timestamp_seconds(run.to);
  return c;
}

std::vector<xy> equity_points(const record& r) {
  std::vector<xy> pts;
  pts.reserve(r.equity.size());
  for (auto& p : r.equity)
    pts.push_back({secs(p.time), to_double(p.equity)});
  return pts;
}

void charts(std::string& out, const record& run, const record* eval) {
  out += "<h2>Charts</h2>\n";
  auto eq = time_chart(run, "Equity (" + run.quote_asset + ")");
  eq.lines.push_back({equity_points(run), "#1f77b4", "this run"});
  if (eval)
    eq.lines.push_back({equity_points(*eval), "#ff7f0e", "evaluator only"});
  // The basket as if the starting equity had bought it.
  auto basket_values = basket_curve(run.prices);
  std::vector<xy> basket;
  basket.reserve(basket_values.size());
  auto start = to_double(run.starting_equity);
  for (auto& [t, value] : basket_values)
    basket.push_back({secs(t), value * start});
  if (!basket.empty())
    eq.lines.push_back({std::move(basket), "#999", "buy and hold"});
  out += render_svg(eq);

  auto dd = time_chart(run, "Drawdown");
  dd.percent = true;
  dd.include_zero = true;
  auto series = drawdown_series(run.equity);
  std::vector<xy> pts;
  pts.reserve(series.size());
  for (size_t i = 0; i < series.size(); ++i)
    pts.push_back({secs(run.equity[i].time), -series[i]});
  dd.lines.push_back({std::move(pts), "#d62728", ""});
  out += render_svg(dd);

  for (auto& [symbol, prices] : run.prices) {
    auto pc = time_chart(run, symbol + " price, entries and exits");
    pc.height = 200;
    std::vector<xy> line;
    line.reserve(prices.size());
    for (auto& p : prices)
      line.push_back({secs(p.time), to_double(p.close)});
    pc.lines.push_back({std::move(line), "#555", ""});
    for (auto& f : run.fills)
      if (f.symbol == symbol)
        pc.markers.push_back({secs(f.time), to_double(f.price), f.buy});
    out += render_svg(pc);
  }
}

void model_table(std::string& out, const model_usage& u) {
  out += "<h2>Model</h2>\n<table>\n";
  auto row = [&](const char* name, const std::string& value) {
    out += "<tr>" + cell(name, true) + cell(value) + "</tr>\n";
  };
  row("Mode (agent.backtest)", u.mode.empty() ? none : u.mode);
  row("Calls", std::to_string(u.calls));
  row("Cache hits", std::to_string(u.cache_hits));
  row("Cache misses", std::to_string(u.cache_misses));
  row("Input tokens", std::to_string(u.input_tokens));
  row("Output tokens", std::to_string(u.output_tokens));
  row("Cost (USD)", to_string(u.cost_usd, 4));
  out += "</table>\n";
}

void gate_table(std::string& out, const record& run, const metrics& m) {
  out += "<h2>Gate pass rate by layer</h2>\n<table>\n<tr>" + head_cell("Layer", true)
         + head_cell("Checked") + head_cell("Passed") + head_cell("Pass rate") + "</tr>\n";
  for (auto& [layer, c] : run.gate)
    out += "<tr>" + cell(layer, true) + cell(std::to_string(c.checked))
           + cell(std::to_string(c.passed)) + cell(pct(m.gate_pass_rate.at(layer))) + "</tr>\n";
  out += "</table>\n";
}

void trades_table(std::string& out, const record& run) {
  out += "<h2>Trades</h2>\n<table>\n<tr>" + head_cell("Opened", true) + head_cell("Closed", true)
         + head_cell("Symbol", true) + head_cell("Quantity") + head_cell("Entry")
         + head_cell("Exit") + head_cell("Fees") + head_cell("PnL") + head_cell("Reason", true)
         + "</tr>\n";
  for (auto& t : run.trades)
    out += "<tr>" + cell(format_timestamp_seconds(t.opened), true)
           + cell(format_timestamp_seconds(t.closed), true) + cell(t.symbol, true)
           + cell(to_string(t.quantity)) + cell(to_string(t.entry_price))
           + cell(to_string(t.exit_price)) + cell(money(t.fees)) + cell(money(t.pnl))
           + cell(t.reason, true) + "</tr>\n";
  out += "</table>\n";
}

} // namespace

std::string human_duration(timespan x) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(x).count();
  auto days = minutes / (24 * 60);
  auto hours = minutes / 60 % 24;
  auto mins = minutes % 60;
  std::string out;
  if (days > 0)
    out += std::to_string(days) + "d ";
  if (days > 0 || hours > 0)
    out += std::to_string(hours) + "h ";
  out += std::to_string(mins) + "m";
  return out;
}

std::string report_html(const record& run, const record* evaluator_only) {
  auto m = compute_metrics(run);
  auto* eval = evaluator_comparison(run, evaluator_only);
  if (eval == &run)
    return report_html(run, m, eval, &m);
  if (!eval)
    return report_html(run, m, nullptr, nullptr);
  auto e = compute_metrics(*eval);
  return report_html(run, m, eval, &e);
}

std::string report_html(const record& run, const metrics& m, const record* evaluator_only,
                        const metrics* em) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>Backtest " + html_escape(run.name) + "</title>\n<style>" + style
         + "</style>\n</head>\n<body>\n";
  out += "<h1>Backtest " + html_escape(run.name) + "</h1>\n";
  out += "<p>" + html_escape(run.market) + ", " + html_escape(format_timestamp_seconds(run.from))
         + " to " + html_escape(format_timestamp_seconds(run.to)) + ", "
         + std::to_string(run.candles) + " candles, " + std::to_string(run.fills.size())
         + " fills, starting equity " + html_escape(money(run.starting_equity)) + " "
         + html_escape(run.quote_asset) + "</p>\n";
  if (!run.warnings.empty()) {
    out += "<div class=\"warn\"><strong>Warnings</strong>\n<ul>\n";
    for (auto& w : run.warnings)
      out += "<li>" + html_escape(w) + "</li>\n";
    out += "</ul>\n</div>\n";
  }
  metrics_table(out, m, evaluator_only ? em : nullptr);
  out += "<p>Evaluator only: " + html_escape(evaluator_only_note(run, evaluator_only != nullptr))
         + ".</p>\n";
  // The run's own comparison would draw its equity twice.
  charts(out, run, evaluator_only == &run ? nullptr : evaluator_only);
  symbol_table(out, m);
  model_table(out, run.model);
  gate_table(out, run, m);
  trades_table(out, run);
  out += "</body>\n</html>\n";
  return out;
}

} // namespace tn::backtest
