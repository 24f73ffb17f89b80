#include "backtest/report/metrics.hpp"

#include <chrono>
#include <cmath>

namespace tn::backtest {

namespace {

constexpr double seconds_per_year = 365.0 * 24 * 3600;

double seconds(timespan x) {
  return std::chrono::duration<double>(x).count();
}

void returns_ratios(const record& run, metrics& m) {
  auto& eq = run.equity;
  if (eq.size() < 3) // fewer than two returns: no spread to speak of
    return;
  std::vector<double> r;
  r.reserve(eq.size() - 1);
  for (size_t i = 1; i < eq.size(); ++i) {
    auto prev = to_double(eq[i - 1].equity); // analytics boundary
    if (prev <= 0)
      return; // a wiped-out account has no meaningful return series
    r.push_back(to_double(eq[i].equity) / prev - 1);
  }
  auto span = seconds(eq.back().time - eq.front().time);
  if (span <= 0)
    return;
  m.periods_per_year = seconds_per_year / (span / static_cast<double>(r.size()));
  auto n = static_cast<double>(r.size());
  double mean = 0;
  for (auto x : r)
    mean += x;
  mean /= n;
  double var = 0, down = 0;
  for (auto x : r) {
    var += (x - mean) * (x - mean);
    if (x < 0)
      down += x * x;
  }
  auto stdev = std::sqrt(var / (n - 1));
  auto downside = std::sqrt(down / n);
  auto scale = std::sqrt(m.periods_per_year);
  if (stdev > 0)
    m.sharpe = mean / stdev * scale;
  if (downside > 0)
    m.sortino = mean / downside * scale;
}

void drawdown(const record& run, metrics& m) {
  auto& eq = run.equity;
  if (eq.empty())
    return;
  auto dd = drawdown_series(eq);
  size_t worst = 0;
  for (size_t i = 1; i < dd.size(); ++i)
    if (dd[i] > dd[worst])
      worst = i;
  m.max_drawdown = dd[worst];
  if (dd[worst] <= 0)
    return;
  size_t peak = worst;
  while (peak > 0 && dd[peak] > 0)
    --peak;
  size_t back = worst;
  while (back < eq.size() && eq[back].equity < eq[peak].equity)
    ++back;
  auto end = back < eq.size() ? eq[back].time : eq.back().time;
  m.max_drawdown_duration = end - eq[peak].time;
}

void trade_stats(const record& run, metrics& m) {
  for (auto& t : run.trades) {
    ++m.trades;
    auto& s = m.symbols[t.symbol];
    ++s.trades;
    s.pnl += t.pnl;
    m.net_pnl += t.pnl;
    if (t.pnl.is_positive()) {
      ++m.wins;
      ++s.wins;
      m.gross_profit += t.pnl;
    } else if (t.pnl.is_negative()) {
      ++m.losses;
      m.gross_loss -= t.pnl;
    }
  }
  for (auto& f : run.fills) {
    m.fees += f.fee;
    m.symbols[f.symbol].fees += f.fee;
  }
  if (m.trades > 0) {
    m.win_rate = static_cast<double>(m.wins) / static_cast<double>(m.trades);
    m.expectancy = div(m.net_pnl, decimal::from_int(static_cast<int64_t>(m.trades)));
  }
  for (auto& [symbol, s] : m.symbols)
    if (s.trades > 0)
      s.win_rate = static_cast<double>(s.wins) / static_cast<double>(s.trades);
  // No losses: the ratio has no denominator. All losses: nothing on top.
  if (m.gross_loss.is_positive())
    m.profit_factor = to_double(m.gross_profit) / to_double(m.gross_loss);
}

void exposure(const record& run, metrics& m) {
  auto& eq = run.equity;
  if (eq.size() < 2)
    return;
  auto span = eq.back().time - eq.front().time;
  if (span <= timespan::zero())
    return;
  timespan held{0};
  for (size_t i = 1; i < eq.size(); ++i)
    if (!eq[i - 1].exposure.is_zero())
      held += eq[i].time - eq[i - 1].time;
  m.exposure_time = seconds(held) / seconds(span);
}

void buy_and_hold(const record& run, metrics& m) {
  double sum = 0;
  size_t n = 0;
  for (auto& [symbol, series] : run.prices) {
    if (series.empty() || !series.front().close.is_positive())
      continue;
    auto r = to_double(series.back().close) / to_double(series.front().close) - 1;
    m.symbols[symbol].buy_and_hold = r;
    sum += r;
    ++n;
  }
  // Equal weights at the start: the basket's return is the mean of its
  // members' returns.
  if (n > 0)
    m.basket_buy_and_hold = sum / static_cast<double>(n);
}

} // namespace

std::vector<double> drawdown_series(const std::vector<equity_point>& equity) {
  std::vector<double> out;
  out.reserve(equity.size());
  decimal peak;
  bool first = true;
  for (auto& p : equity) {
    if (first || p.equity > peak)
      peak = p.equity;
    first = false;
    out.push_back(peak.is_positive() ? (to_double(peak) - to_double(p.equity)) / to_double(peak)
                                     : 0.0);
  }
  return out;
}

metrics compute_metrics(const record& run) {
  metrics m;
  m.starting_equity = run.starting_equity;
  m.final_equity = run.equity.empty() ? run.starting_equity : run.equity.back().equity;
  if (m.starting_equity.is_positive())
    m.total_return = to_double(m.final_equity) / to_double(m.starting_equity) - 1;
  if (run.equity.size() >= 2 && m.starting_equity.is_positive()) {
    auto span = seconds(run.equity.back().time - run.equity.front().time);
    auto growth = to_double(m.final_equity) / to_double(m.starting_equity);
    if (span > 0)
      m.cagr = growth <= 0 ? -1.0 : std::pow(growth, seconds_per_year / span) - 1;
  }
  returns_ratios(run, m);
  drawdown(run, m);
  if (m.cagr && m.max_drawdown > 0)
    m.calmar = *m.cagr / m.max_drawdown;
  trade_stats(run, m);
  exposure(run, m);
  buy_and_hold(run, m);
  for (auto& [layer, c] : run.gate)
    m.gate_pass_rate[layer] =
      c.checked > 0 ? std::optional<double>{static_cast<double>(c.passed)
                                            / static_cast<double>(c.checked)}
                    : std::nullopt;
  return m;
}

} // namespace tn::backtest
