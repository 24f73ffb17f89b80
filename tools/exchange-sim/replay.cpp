#include "tools/exchange-sim/replay.hpp"

#include <algorithm>
#include <cmath>

namespace tn::sim {

namespace {

units distance(units a, units b) {
  return a > b ? a - b : b - a;
}

} // namespace

kline partial_bar(const kline& final, int step, int steps, units tick, units lot) {
  if (step >= steps)
    return final;
  const bool rising = final.close >= final.open;
  const units path[4] = {final.open, rising ? final.low : final.high,
                         rising ? final.high : final.low, final.close};
  units length = 0;
  for (int i = 0; i < 3; ++i)
    length += distance(path[i], path[i + 1]);
  units left = length * step / steps;
  kline k = final;
  units price = path[0];
  k.high = k.low = price;
  for (int i = 0; i < 3 && left >= 0; ++i) {
    units seg = distance(path[i], path[i + 1]);
    if (left >= seg) {
      price = path[i + 1];
      left -= seg;
    } else {
      // Between two grid prices: the nearest grid price stays between them.
      price = round_to(path[i] + (path[i + 1] > path[i] ? left : -left), tick);
      left = -1; // the walk ends inside this segment
    }
    k.high = std::max(k.high, price);
    k.low = std::min(k.low, price);
  }
  k.close = price;
  k.volume = floor_to(final.volume * step / steps, lot);
  k.taker_base = std::min(k.volume, floor_to(final.taker_base * step / steps, lot));
  k.quote_volume = final.quote_volume * step / steps;
  k.taker_quote = std::min(k.quote_volume, final.taker_quote * step / steps);
  k.trades = final.trades > 0 ? std::max<int64_t>(1, final.trades * step / steps) : 0;
  return k;
}

kline interval_bar(const kline_series& series, size_t index, const kline& partial,
                   const kline_interval& span) {
  const auto& bars = series.bars;
  const int64_t start = span.bucket(bars[index].open_time);
  size_t first = index;
  while (first > 0 && bars[first - 1].open_time >= start)
    --first;
  kline acc = first == index ? partial : bars[first];
  for (size_t i = first + 1; i < index; ++i)
    fold(acc, bars[i]);
  if (first != index)
    fold(acc, partial);
  acc.open_time = start;
  acc.close_time = start + span.ms - 1;
  return acc;
}

bool ends_bucket(const kline& bar, const kline_interval& span) {
  return bar.open_time + minute_ms == span.bucket(bar.open_time) + span.ms;
}

// -- clock --------------------------------------------------------------------

int64_t market_clock::market_at(int64_t wall_us) const {
  auto elapsed_ms = static_cast<double>(wall_us - wall_start) * speed / 1000.0;
  return market_start + static_cast<int64_t>(std::floor(elapsed_ms));
}

int64_t market_clock::wall_at(int64_t market_ms) const {
  auto elapsed_us = static_cast<double>(market_ms - market_start) * 1000.0 / speed;
  auto wall = wall_start + static_cast<int64_t>(std::ceil(elapsed_us));
  // Floating point may land a microsecond short; never wake before time.
  while (market_at(wall) < market_ms)
    ++wall;
  return wall;
}

// -- replay -------------------------------------------------------------------

replay::replay(market& m, int updates_per_bar, int64_t start)
  : market_(m), steps_(std::max(1, updates_per_bar)) {
  for (size_t s = 0; s < m.series().size(); ++s) {
    size_t bar = 0;
    while (market_.has_bar(s, bar) && m.series()[s].bars[bar].open_time < start)
      ++bar;
    if (market_.has_bar(s, bar))
      queue_.push({time_of(s, bar, 1), s, bar, 1});
  }
}

int64_t replay::time_of(size_t series, size_t bar, int step) const {
  return market_.series()[series].bars[bar].open_time + minute_ms * step / steps_;
}

std::optional<int64_t> replay::next_time() const {
  if (queue_.empty())
    return std::nullopt;
  return queue_.top().time;
}

std::vector<kline_update> replay::take_due(int64_t now) {
  std::vector<kline_update> out;
  while (!queue_.empty() && queue_.top().time <= now) {
    auto c = queue_.top();
    queue_.pop();
    out.push_back({c.series, c.bar, c.step, steps_, c.time});
    if (c.step < steps_)
      queue_.push({time_of(c.series, c.bar, c.step + 1), c.series, c.bar, c.step + 1});
    else if (market_.has_bar(c.series, c.bar + 1))
      queue_.push({time_of(c.series, c.bar + 1, 1), c.series, c.bar + 1, 1});
  }
  return out;
}

} // namespace tn::sim
