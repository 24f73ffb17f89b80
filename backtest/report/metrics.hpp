#pragma once

// The numbers a backtest is judged by, computed from its record alone.
// Pure: no CAF, no clock, no files. Amounts stay fixed point; ratios are
// doubles. A ratio that is undefined for the run (no trades, no losses, no
// drawdown, a single sample) is empty, written null in JSON and "—" in HTML.
//
// Conventions (also in backtest/README.md):
// - Returns for Sharpe and Sortino are the simple returns between
//   consecutive equity samples, r_i = E_i / E_{i-1} - 1, whatever their
//   spacing (the driver samples at a fixed step, 1m by default). They are
//   annualised with the number of such steps in a year of 365 days (crypto
//   trades every day): periods = 365d / mean sample step, so
//   Sharpe = mean(r) / stdev(r) * sqrt(periods), stdev with n - 1;
//   Sortino = mean(r) / downside(r) * sqrt(periods), downside =
//   sqrt(sum(min(r, 0)^2) / n). Risk-free rate 0.
// - CAGR = (E_end / E_start)^(365d / span) - 1 over the span of the equity
//   samples; Calmar = CAGR / max drawdown.
// - Max drawdown is the largest fall from a running peak, as a fraction of
//   that peak; its duration runs from that peak to the first sample back at
//   or above it (or to the last sample when it never recovered).
// - Exposure time is the share of the sampled span during which the
//   account held a position (exposure of the sample opening each step).

#include "backtest/record.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tn::backtest {

struct symbol_stats {
  uint64_t trades = 0;
  uint64_t wins = 0;
  std::optional<double> win_rate;
  decimal pnl;  // realised, after fees, over its closed trades
  decimal fees; // over its fills
  decimal funding_paid;     // >= 0: what its funding payments paid
  decimal funding_received; // >= 0: what they received
  decimal funding_net;      // received - paid
  std::optional<double> buy_and_hold; // last close / first close - 1
};

/// The return and risk figures of one value curve (the account's equity,
/// or the buy-and-hold basket's value).
struct curve_stats {
  std::optional<double> total_return;
  std::optional<double> cagr;
  std::optional<double> sharpe;
  std::optional<double> sortino;
  std::optional<double> calmar;
  double max_drawdown = 0;
  timespan max_drawdown_duration{0};
  double periods_per_year = 0;
};

/// A curve's value over time, in time order (doubles: analytics only).
using value_curve = std::vector<std::pair<timestamp, double>>;

/// curve_stats of `curve` starting from `start` (its value before the
/// first sample; total return and CAGR are measured from it).
curve_stats curve_metrics(const value_curve& curve, double start);

/// The equal-weighted buy-and-hold basket: each symbol bought for the same
/// amount at its first close; the value at each close of any symbol is
/// the mean of close / first close over the symbols (1 before a symbol's
/// first close). Starts at 1.
value_curve basket_curve(const std::map<std::string, std::vector<price_point>>& prices);

/// The run's figures: its equity curve's (the curve_stats part; the
/// drawdown a fraction of the peak, >= 0), its trades' and the basket's.
struct metrics : curve_stats {
  decimal starting_equity;
  decimal final_equity;
  uint64_t trades = 0;
  uint64_t wins = 0;
  uint64_t losses = 0;
  std::optional<double> win_rate;
  std::optional<double> profit_factor; // gross profit / gross loss
  std::optional<decimal> expectancy;   // mean PnL per closed trade
  decimal gross_profit;
  decimal gross_loss; // >= 0
  decimal net_pnl;    // over closed trades
  decimal fees;       // over all fills
  decimal funding_paid;     // >= 0, over the funding payments (futures)
  decimal funding_received; // >= 0
  decimal funding_net;      // received - paid: what funding added to equity
  std::optional<double> exposure_time; // fraction of the span in a position
  std::map<std::string, symbol_stats> symbols;
  std::optional<double> basket_buy_and_hold; // equal weights at the start
  curve_stats basket; // the basket's curve: return, CAGR, Sharpe, drawdown ...
                      // (total_return empty without prices)
  std::map<std::string, std::optional<double>> gate_pass_rate; // by layer
};

/// Everything above, from `run`.
metrics compute_metrics(const record& run);

/// Drawdown, for charts and the metric: per equity sample, the fall from
/// the running peak as a fraction of it (0 at a new peak).
std::vector<double> drawdown_series(const std::vector<equity_point>& equity);

} // namespace tn::backtest
