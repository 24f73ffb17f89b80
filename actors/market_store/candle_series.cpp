#include "actors/market_store/candle_series.hpp"

#include <algorithm>
#include <cstddef>

namespace tn {

namespace {

auto by_open_time = [](const candle& bar, timestamp t) { return bar.open_time < t; };

} // namespace

bool candle_series::insert(const candle& bar) {
  // Live bars arrive in order: the common case appends.
  if (bars_.empty() || bar.open_time > bars_.back().open_time) {
    bars_.push_back(bar);
  } else {
    auto pos = std::lower_bound(bars_.begin(), bars_.end(), bar.open_time, by_open_time);
    if (pos != bars_.end() && pos->open_time == bar.open_time)
      return false;
    if (pos == bars_.begin() && bars_.size() >= capacity_)
      return false;
    bars_.insert(pos, bar);
  }
  if (bars_.size() > capacity_)
    bars_.pop_front();
  return true;
}

const candle* candle_series::find(timestamp open_time) const {
  auto pos = std::lower_bound(bars_.begin(), bars_.end(), open_time, by_open_time);
  return pos != bars_.end() && pos->open_time == open_time ? &*pos : nullptr;
}

std::vector<candle> candle_series::last(size_t n) const {
  auto k = std::min(n, bars_.size());
  return {bars_.end() - static_cast<std::ptrdiff_t>(k), bars_.end()};
}

std::vector<candle> candle_series::last(size_t n, timestamp as_of) const {
  auto end = bars_.end();
  while (end != bars_.begin() && std::prev(end)->open_time + length_of(std::prev(end)->span) > as_of)
    --end;
  auto k = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(n), end - bars_.begin());
  return {end - k, end};
}

std::vector<candle> candle_series::range(timestamp first, timestamp last) const {
  auto from = std::lower_bound(bars_.begin(), bars_.end(), first, by_open_time);
  std::vector<candle> result;
  for (auto i = from; i != bars_.end() && i->open_time <= last; ++i)
    result.push_back(*i);
  return result;
}

} // namespace tn
