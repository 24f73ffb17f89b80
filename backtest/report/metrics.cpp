#include "backtest/report/metrics.hpp"

#include <chrono>
#include <algorithm>
#include <cmath>

namespace tn::backtest {

namespace {

constexpr double seconds_per_year = 365.0 * 24 * 3600;

double seconds(timespan x) {
  return std::chrono::duration<double>(x).count();
}

void returns_ratios(const value_curve& c, curve_stats& m) {
  if (c.size() < 3) // fewer than two returns: no spread to speak of
    return;
  std::vector<double> r;
  r.reserve(c.size() - 1);
  for (size_t i = 1; i < c.size(); ++i) {
    if (c[i - 1].second <= 0)
      return; // a wiped-out account has no meaningful return series
    r.push_back(c[i].second / c[i - 1].second - 1);
  }
  auto span = seconds(c.back().first - c.front().first);
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

std::vector<double> drawdowns(const value_curve& c) {
  std::vector<double> out;
  out.reserve(c.size());
  double peak = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    if (i == 0 || c[i].second > peak)
      peak = c[i].second;
    out.push_back(peak > 0 ? (peak - c[i].second) / peak : 0.0);
  }
  return out;
}

void drawdown(const value_curve& c, curve_stats& m) {
  if (c.empty())
    return;
  auto dd = drawdowns(c);
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
  while (back < c.size() && c[back].second < c[peak].second)
    ++back;
  auto end = back < c.size() ? c[back].first : c.back().first;
  m.max_drawdown_duration = end - c[peak].first;
}

value_curve equity_curve(const std::vector<equity_point>& equity) {
  value_curve c;
  c.reserve(equity.size());
  for (auto& p : equity)
    c.emplace_back(p.time, to_double(p.equity)); // analytics boundary
  return c;
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
  for (auto& x : run.funding) {
    auto& s = m.symbols[x.symbol];
    if (x.amount.is_negative()) {
      m.funding_paid -= x.amount;
      s.funding_paid -= x.amount;
    } else {
      m.funding_received += x.amount;
      s.funding_received += x.amount;
    }
    m.funding_net += x.amount;
    s.funding_net += x.amount;
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
  return drawdowns(equity_curve(equity));
}

curve_stats curve_metrics(const value_curve& c, double start) {
  curve_stats m;
  auto final_value = c.empty() ? start : c.back().second;
  if (start > 0)
    m.total_return = final_value / start - 1;
  if (c.size() >= 2 && start > 0) {
    auto span = seconds(c.back().first - c.front().first);
    auto growth = final_value / start;
    if (span > 0)
      m.cagr = growth <= 0 ? -1.0 : std::pow(growth, seconds_per_year / span) - 1;
  }
  returns_ratios(c, m);
  drawdown(c, m);
  if (m.cagr && m.max_drawdown > 0)
    m.calmar = *m.cagr / m.max_drawdown;
  return m;
}

value_curve basket_curve(const std::map<std::string, std::vector<price_point>>& prices) {
  struct member {
    const std::vector<price_point>* series;
    size_t next = 0;
    double first = 0;
    double ratio = 1;
  };
  std::vector<member> members;
  for (auto& [symbol, series] : prices)
    if (!series.empty() && series.front().close.is_positive())
      members.push_back({&series, 0, to_double(series.front().close), 1});
  value_curve out;
  if (members.empty())
    return out;
  size_t longest = 0;
  for (auto& m : members)
    longest = std::max(longest, m.series->size());
  out.reserve(longest);
  auto n = static_cast<double>(members.size());
  // Merge the series by time; one basket value per distinct time.
  for (;;) {
    const timestamp* earliest = nullptr;
    for (auto& m : members)
      if (m.next < m.series->size() && (!earliest || (*m.series)[m.next].time < *earliest))
        earliest = &(*m.series)[m.next].time;
    if (!earliest)
      return out;
    auto t = *earliest;
    double sum = 0;
    for (auto& m : members) {
      while (m.next < m.series->size() && (*m.series)[m.next].time == t)
        m.ratio = to_double((*m.series)[m.next++].close) / m.first;
      sum += m.ratio;
    }
    out.emplace_back(t, sum / n);
  }
}

metrics compute_metrics(const record& run) {
  metrics m;
  m.starting_equity = run.starting_equity;
  m.final_equity = run.equity.empty() ? run.starting_equity : run.equity.back().equity;
  static_cast<curve_stats&>(m) =
    curve_metrics(equity_curve(run.equity), to_double(run.starting_equity));
  trade_stats(run, m);
  exposure(run, m);
  buy_and_hold(run, m);
  // No prices, no basket: its figures stay undefined.
  if (auto basket = basket_curve(run.prices); !basket.empty())
    m.basket = curve_metrics(basket, 1.0);
  for (auto& [layer, c] : run.gate)
    m.gate_pass_rate[layer] =
      c.checked > 0 ? std::optional<double>{static_cast<double>(c.passed)
                                            / static_cast<double>(c.checked)}
                    : std::nullopt;
  return m;
}

} // namespace tn::backtest
