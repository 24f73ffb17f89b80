#include "backtest/report/report_json.hpp"

#include "runtime/json/json_writer.hpp"
#include "runtime/time_format.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace tn::backtest {

namespace {

void ratio(json_writer& w, std::string_view key, std::optional<double> x) {
  w.key(key).raw(format_ratio(x));
}

void amount(json_writer& w, std::string_view key, decimal x) {
  w.key(key).value(to_string(x));
}

void count(json_writer& w, std::string_view key, uint64_t x) {
  w.key(key).value(static_cast<int64_t>(x));
}

/// A curve's return and risk figures (not its periods per year).
void write_curve(json_writer& w, const curve_stats& c) {
  ratio(w, "total_return", c.total_return);
  ratio(w, "cagr", c.cagr);
  ratio(w, "sharpe", c.sharpe);
  ratio(w, "sortino", c.sortino);
  ratio(w, "calmar", c.calmar);
  ratio(w, "max_drawdown", c.max_drawdown);
  count(w, "max_drawdown_duration_s",
        static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::seconds>(c.max_drawdown_duration).count()));
}

void write_metrics(json_writer& w, const metrics& m) {
  w.begin_object();
  amount(w, "starting_equity", m.starting_equity);
  amount(w, "final_equity", m.final_equity);
  write_curve(w, m);
  count(w, "trades", m.trades);
  count(w, "wins", m.wins);
  count(w, "losses", m.losses);
  ratio(w, "win_rate", m.win_rate);
  ratio(w, "profit_factor", m.profit_factor);
  w.key("expectancy");
  if (m.expectancy)
    w.value(to_string(*m.expectancy));
  else
    w.null();
  amount(w, "gross_profit", m.gross_profit);
  amount(w, "gross_loss", m.gross_loss);
  amount(w, "net_pnl", m.net_pnl);
  amount(w, "fees", m.fees);
  amount(w, "funding_paid", m.funding_paid);
  amount(w, "funding_received", m.funding_received);
  amount(w, "funding_net", m.funding_net);
  ratio(w, "exposure_time", m.exposure_time);
  ratio(w, "periods_per_year", m.periods_per_year);
  ratio(w, "basket_buy_and_hold", m.basket_buy_and_hold);
  w.key("basket").begin_object();
  write_curve(w, m.basket);
  w.end_object();
  w.key("symbols").begin_object();
  for (auto& [symbol, s] : m.symbols) {
    w.key(symbol).begin_object();
    count(w, "trades", s.trades);
    count(w, "wins", s.wins);
    ratio(w, "win_rate", s.win_rate);
    amount(w, "pnl", s.pnl);
    amount(w, "fees", s.fees);
    amount(w, "funding_paid", s.funding_paid);
    amount(w, "funding_received", s.funding_received);
    amount(w, "funding_net", s.funding_net);
    ratio(w, "buy_and_hold", s.buy_and_hold);
    w.end_object();
  }
  w.end_object();
  w.end_object();
}

/// The headline figures of the run, the evaluator-only run and the
/// buy-and-hold basket side by side: each key an array of the three
/// (null where a column has no such figure).
void write_comparison(json_writer& w, const record& run, const metrics& m,
                      const metrics* e) {
  using ratio_of = std::optional<double> (*)(const metrics&);
  struct row {
    const char* key;
    ratio_of of;
    std::optional<double> basket;
  };
  auto& b = m.basket;
  bool basket = b.total_return.has_value();
  auto dd = [](const metrics& x) -> std::optional<double> { return x.max_drawdown; };
  const row rows[] = {
    {"total_return", [](const metrics& x) { return x.total_return; }, b.total_return},
    {"cagr", [](const metrics& x) { return x.cagr; }, b.cagr},
    {"sharpe", [](const metrics& x) { return x.sharpe; }, b.sharpe},
    {"sortino", [](const metrics& x) { return x.sortino; }, b.sortino},
    {"calmar", [](const metrics& x) { return x.calmar; }, b.calmar},
    {"max_drawdown", dd, basket ? std::optional<double>{b.max_drawdown} : std::nullopt},
    {"win_rate", [](const metrics& x) { return x.win_rate; }, std::nullopt},
    {"exposure_time", [](const metrics& x) { return x.exposure_time; }, std::nullopt},
  };
  w.begin_object();
  w.key("columns").begin_array().value("this_run").value("evaluator_only").value("buy_and_hold");
  w.end_array();
  w.key("evaluator_only_note").value(evaluator_only_note(run, e != nullptr));
  for (auto& r : rows) {
    w.key(r.key).begin_array();
    w.raw(format_ratio(r.of(m)));
    w.raw(e ? format_ratio(r.of(*e)) : "null");
    w.raw(format_ratio(r.basket));
    w.end_array();
  }
  w.key("trades").begin_array().value(static_cast<int64_t>(m.trades));
  if (e)
    w.value(static_cast<int64_t>(e->trades));
  else
    w.null();
  w.null().end_array();
  w.key("final_equity").begin_array().value(to_string(m.final_equity));
  if (e)
    w.value(to_string(e->final_equity));
  else
    w.null();
  w.null().end_array();
  w.end_object();
}

void write_model(json_writer& w, const model_usage& u) {
  w.begin_object();
  w.key("mode").value(u.mode);
  count(w, "calls", u.calls);
  count(w, "cache_hits", u.cache_hits);
  count(w, "cache_misses", u.cache_misses);
  count(w, "input_tokens", u.input_tokens);
  count(w, "output_tokens", u.output_tokens);
  amount(w, "cost_usd", u.cost_usd);
  w.end_object();
}

void write_gate(json_writer& w, const record& run, const metrics& m) {
  w.begin_object();
  for (auto& [layer, c] : run.gate) {
    w.key(layer).begin_object();
    count(w, "checked", c.checked);
    count(w, "passed", c.passed);
    ratio(w, "pass_rate", m.gate_pass_rate.at(layer));
    w.end_object();
  }
  w.end_object();
}

void write_trades(json_writer& w, const record& run) {
  w.begin_array();
  for (auto& t : run.trades) {
    w.begin_object();
    w.key("position_id").value(t.position_id);
    w.key("symbol").value(t.symbol);
    w.key("opened").value(format_timestamp(t.opened));
    w.key("closed").value(format_timestamp(t.closed));
    amount(w, "quantity", t.quantity);
    amount(w, "entry_price", t.entry_price);
    amount(w, "exit_price", t.exit_price);
    amount(w, "fees", t.fees);
    amount(w, "pnl", t.pnl);
    w.key("reason").value(t.reason);
    w.end_object();
  }
  w.end_array();
}

} // namespace

namespace {

bool model_decided(const record& run) {
  return run.model.mode == "cache" || run.model.mode == "live";
}

} // namespace

const record* evaluator_comparison(const record& run, const record* evaluator_only) {
  if (evaluator_only)
    return evaluator_only;
  return model_decided(run) ? nullptr : &run;
}

std::string evaluator_only_note(const record& run, bool has_evaluator_only) {
  if (!model_decided(run))
    return "this run is evaluator-only (agent.backtest off): it is its own comparison, run once";
  if (has_evaluator_only)
    return "a second pass of the same data and config with agent.backtest off";
  return "no evaluator-only pass (see the warnings)";
}

std::string format_ratio(std::optional<double> x) {
  if (!x || !std::isfinite(*x))
    return "null";
  // -0 and 0 print alike.
  auto v = *x == 0 ? 0.0 : *x;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.10g", v);
  return buf;
}

std::string report_json(const record& run, const record* evaluator_only) {
  auto m = compute_metrics(run);
  auto* eval = evaluator_comparison(run, evaluator_only);
  if (eval == &run)
    return report_json(run, m, &m);
  if (!eval)
    return report_json(run, m, nullptr);
  auto e = compute_metrics(*eval);
  return report_json(run, m, &e);
}

std::string report_json(const record& run, const metrics& m, const metrics* evaluator_only) {
  json_writer w;
  w.begin_object();
  w.key("name").value(run.name);
  w.key("market").value(run.market);
  w.key("from").value(format_timestamp(run.from));
  w.key("to").value(format_timestamp(run.to));
  w.key("quote_asset").value(run.quote_asset);
  count(w, "candles", run.candles);
  count(w, "fills", run.fills.size());
  w.key("warnings").begin_array();
  for (auto& text : run.warnings)
    w.value(text);
  w.end_array();
  w.key("metrics");
  write_metrics(w, m);
  w.key("evaluator_only");
  if (evaluator_only)
    write_metrics(w, *evaluator_only);
  else
    w.null();
  w.key("comparison");
  write_comparison(w, run, m, evaluator_only);
  w.key("model");
  write_model(w, run.model);
  w.key("gate");
  write_gate(w, run, m);
  w.key("trades");
  write_trades(w, run);
  w.end_object();
  auto out = w.take();
  out += '\n';
  return out;
}

} // namespace tn::backtest
