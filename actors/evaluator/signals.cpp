#include "actors/evaluator/signals.hpp"

#include "actors/evaluator/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tn {

namespace {

// -- parameters -----------------------------------------------------------------
// Periods are the textbook ones. The scales map a reading to a score; they
// were chosen on the February 2024 futures month (real_data_test.cpp) so that
// trend and momentum both span most of [-1, 1] (|score| 90th percentile
// about 0.65 each) and the combined score passes the default threshold on
// about a fifth of the hours.

constexpr size_t fast_period = 20;
constexpr size_t slow_period = 50;
constexpr size_t rsi_period = 14;
constexpr size_t atr_period = 14;
constexpr size_t return_bars = 24;
constexpr size_t min_atr_values = 10;
constexpr size_t recent_volume_bars = 3;
constexpr size_t base_volume_bars = 24;
constexpr size_t min_base_volume_bars = 12;

constexpr double trend_scale = 2.0;  // EMA spread of this many ATRs scores tanh(1)
constexpr double return_scale = 1.0; // return of this many expected moves scores tanh(1)
constexpr double rsi_span = 30.0;    // RSI this far from 50 (80 or 20) scores +-1
constexpr double neutral_funding = 0.0001; // Binance's base rate per 8h
constexpr double funding_scale = 0.0005;   // funding this far from it scores tanh(1)
constexpr double regime_label_score = 0.5;
// An open interest change of this many percent over the monitor's window
// doubles the funding part's conviction: positioning is moving.
constexpr double oi_change_scale_pct = 5.0;

// Below this ATR/price a series is treated as flat; guards the divisions.
constexpr double min_atr_fraction = 1e-9;

/// A score from a finite value, clamped to [-1, 1]; no data if not finite.
signal_score score(double x) {
  if (!std::isfinite(x))
    return {};
  return {std::clamp(x, -1.0, 1.0), true};
}

std::vector<double> closes_of(const std::vector<candle>& bars) {
  std::vector<double> result;
  result.reserve(bars.size());
  for (auto& b : bars)
    result.push_back(b.close);
  return result;
}

/// The last ATR14 as a fraction of the last close, floored; nothing if the
/// series is too short.
std::optional<double> atr_fraction(const std::vector<candle>& bars) {
  auto atr = last_atr(bars, atr_period);
  if (!atr)
    return std::nullopt;
  return std::max(*atr / bars.back().close, min_atr_fraction);
}

/// The fractional change from the close `back` bars before the last to the last.
double change_over(const std::vector<candle>& bars, size_t back) {
  return bars.back().close / bars[bars.size() - 1 - back].close - 1.0;
}

} // namespace

signal_score trend_signal(const std::vector<candle>& bars) {
  auto closes = closes_of(bars);
  auto fast = ema(closes, fast_period);
  auto slow = ema(closes, slow_period);
  auto unit = atr_fraction(bars);
  if (!fast || !slow || !unit)
    return {};
  auto spread = (*fast - *slow) / *slow;
  return score(std::tanh(spread / *unit / trend_scale));
}

signal_score momentum_signal(const std::vector<candle>& bars) {
  auto strength = rsi(closes_of(bars), rsi_period);
  auto unit = atr_fraction(bars);
  if (!strength || !unit)
    return {};
  auto span = std::min(return_bars, bars.size() - 1);
  // A random walk moves about sqrt(span) single-bar ranges in `span` bars.
  auto expected = *unit * std::sqrt(static_cast<double>(span));
  auto ret = std::tanh(change_over(bars, span) / expected / return_scale);
  auto level = std::clamp((*strength - 50.0) / rsi_span, -1.0, 1.0);
  return score(0.5 * level + 0.5 * ret);
}

signal_score volatility_signal(const std::vector<candle>& bars) {
  auto atr = atr_series(bars, atr_period);
  if (atr.size() < min_atr_values)
    return {};
  // atr[k] belongs to bar atr_period + k.
  std::vector<double> fractions;
  fractions.reserve(atr.size());
  for (size_t k = 0; k < atr.size(); ++k)
    fractions.push_back(std::max(atr[k] / bars[atr_period + k].close, min_atr_fraction));
  auto typical = median(fractions);
  return score(-std::tanh(std::log(fractions.back() / *typical)));
}

signal_score volume_signal(const std::vector<candle>& bars) {
  auto unit = atr_fraction(bars);
  if (!unit || bars.size() < recent_volume_bars + min_base_volume_bars)
    return {};
  auto mean_volume = [&](size_t first, size_t last) {
    auto sum = std::accumulate(bars.begin() + static_cast<std::ptrdiff_t>(first),
                               bars.begin() + static_cast<std::ptrdiff_t>(last), 0.0,
                               [](double acc, const candle& b) { return acc + b.volume; });
    return sum / static_cast<double>(last - first);
  };
  auto recent_first = bars.size() - recent_volume_bars;
  auto base_first = recent_first - std::min(base_volume_bars, recent_first);
  auto base = mean_volume(base_first, recent_first);
  if (!(base > 0))
    return {};
  // A tenth of the usual volume already scores close to -1; the floor keeps
  // log() finite when the recent bars saw no trade at all.
  auto ratio = std::max(mean_volume(recent_first, bars.size()) / base, 1e-3);
  auto direction = std::tanh(change_over(bars, recent_volume_bars) / *unit);
  return score(direction * std::tanh(std::log(ratio)));
}

signal_score regime_signal(const std::string& regime, const derivatives_view* derivatives,
                           const caf::optional<double>& probability) {
  double sum = 0;
  int parts = 0;
  if (regime == "high_vol" || regime == "low_vol") {
    auto sure = probability && std::isfinite(*probability)
                  ? std::clamp(2 * *probability - 1, 0.0, 1.0)
                  : 1.0;
    sum += (regime == "high_vol" ? -regime_label_score : regime_label_score) * sure;
    ++parts;
  }
  if (derivatives && derivatives->funding_rate && std::isfinite(*derivatives->funding_rate)) {
    auto conviction = 1.0;
    if (auto& oi = derivatives->open_interest_change_pct; oi && std::isfinite(*oi))
      conviction += std::abs(*oi) / oi_change_scale_pct;
    sum += -std::tanh((*derivatives->funding_rate - neutral_funding) / funding_scale * conviction);
    ++parts;
  }
  if (parts == 0)
    return {};
  return score(sum / parts);
}

} // namespace tn
