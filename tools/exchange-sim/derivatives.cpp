#include "tools/exchange-sim/derivatives.hpp"

#include <algorithm>

namespace tn::sim {

namespace {

constexpr int64_t day_ms = 24 * 60 * 60 * 1000;

} // namespace

size_t closed_by(const kline_series& s, int64_t t) {
  return static_cast<size_t>(
    std::upper_bound(s.bars.begin(), s.bars.end(), t,
                     [](int64_t x, const kline& k) { return x < k.close_time; })
    - s.bars.begin());
}

std::optional<units> close_at(const kline_series& s, int64_t t) {
  auto n = closed_by(s, t);
  if (n == 0)
    return std::nullopt;
  return s.bars[n - 1].close;
}

std::optional<units> funding_rate(const kline_series& s, int64_t funding_time) {
  auto end = close_at(s, funding_time);
  auto n = closed_by(s, funding_time - funding_interval_ms);
  if (!end || s.bars.empty())
    return std::nullopt;
  units start = n == 0 ? s.bars.front().open : s.bars[n - 1].close;
  if (start <= 0)
    return std::nullopt;
  // 0.01 % base, plus a fiftieth of the window's change, within Binance's cap.
  units base = interest_rate;
  units premium = (*end - start) * pow10(8) / start / 50;
  units cap = pow10(8) * 75 / 10000;
  return std::clamp(base + premium, -cap, cap);
}

int64_t next_funding(int64_t t) {
  return (t / funding_interval_ms + 1) * funding_interval_ms;
}

premium premium_at(const kline_series& s, units price, int64_t t) {
  premium p;
  p.scale = std::max(8, s.scale.price);
  p.mark = rescale(price, s.scale.price, p.scale);
  p.funding_rate = funding_rate(s, t / funding_interval_ms * funding_interval_ms).value_or(interest_rate);
  p.next_funding_time = next_funding(t);
  return p;
}

units open_interest(const kline_series& s, int64_t t) {
  auto hi = closed_by(s, t);
  auto lo = closed_by(s, t - day_ms);
  units sum = 0;
  for (auto i = lo; i < hi; ++i)
    sum += s.bars[i].volume;
  return sum;
}

int64_t long_account_share(const kline_series& s, int64_t t, int64_t period_ms) {
  auto now = close_at(s, t);
  auto before = close_at(s, t - period_ms);
  if (!now || !before || *before <= 0)
    return 5000;
  // Accounts lean long after a rise: 0.5 plus five times the change, within 0.25..0.75.
  auto lean = static_cast<int64_t>((*now - *before) * 50000 / *before);
  return 5000 + std::clamp<int64_t>(lean, -2500, 2500);
}

} // namespace tn::sim
