#include "actors/evaluator/indicators.hpp"

#include <algorithm>
#include <cmath>

namespace tn {

std::optional<double> ema(const std::vector<double>& xs, size_t period) {
  if (period == 0 || xs.size() < period)
    return std::nullopt;
  auto alpha = 2.0 / (static_cast<double>(period) + 1.0);
  auto value = xs.front();
  for (auto x : xs)
    value += alpha * (x - value);
  return value;
}

std::optional<double> rsi(const std::vector<double>& closes, size_t period) {
  if (period == 0 || closes.size() < period + 1)
    return std::nullopt;
  auto n = static_cast<double>(period);
  double gain = 0;
  double loss = 0;
  for (size_t i = 1; i <= period; ++i) {
    auto d = closes[i] - closes[i - 1];
    (d > 0 ? gain : loss) += std::abs(d);
  }
  gain /= n;
  loss /= n;
  for (size_t i = period + 1; i < closes.size(); ++i) {
    auto d = closes[i] - closes[i - 1];
    gain = (gain * (n - 1) + std::max(d, 0.0)) / n;
    loss = (loss * (n - 1) + std::max(-d, 0.0)) / n;
  }
  if (gain + loss <= 0)
    return 50.0;
  return 100.0 * gain / (gain + loss);
}

namespace {

/// Wilder's ATR of `bars` over `period`, calling `each` with every value in
/// order; false with fewer than period + 1 bars.
template <class F>
bool wilder_atr(const std::vector<candle>& bars, size_t period, F each) {
  if (period == 0 || bars.size() < period + 1)
    return false;
  auto n = static_cast<double>(period);
  auto true_range = [&](size_t i) {
    auto prev = bars[i - 1].close;
    return std::max({bars[i].high - bars[i].low, std::abs(bars[i].high - prev),
                     std::abs(bars[i].low - prev)});
  };
  double atr = 0;
  for (size_t i = 1; i <= period; ++i)
    atr += true_range(i);
  atr /= n;
  each(atr);
  for (size_t i = period + 1; i < bars.size(); ++i) {
    atr = (atr * (n - 1) + true_range(i)) / n;
    each(atr);
  }
  return true;
}

} // namespace

std::vector<double> atr_series(const std::vector<candle>& bars, size_t period) {
  std::vector<double> result;
  if (bars.size() > period)
    result.reserve(bars.size() - period);
  wilder_atr(bars, period, [&](double x) { result.push_back(x); });
  return result;
}

std::optional<double> last_atr(const std::vector<candle>& bars, size_t period) {
  double last = 0;
  if (!wilder_atr(bars, period, [&](double x) { last = x; }))
    return std::nullopt;
  return last;
}

std::optional<double> median(std::vector<double> xs) {
  if (xs.empty())
    return std::nullopt;
  auto mid = xs.begin() + static_cast<std::ptrdiff_t>(xs.size() / 2);
  std::nth_element(xs.begin(), mid, xs.end());
  if (xs.size() % 2 == 1)
    return *mid;
  auto below = *std::max_element(xs.begin(), mid);
  return (below + *mid) / 2;
}

} // namespace tn
