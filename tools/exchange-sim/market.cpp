#include "tools/exchange-sim/market.hpp"

#include <algorithm>
#include <limits>

namespace tn::sim {

market::market(std::vector<kline_series> series) : series_(std::move(series)) {
}

market::market(synthetic_market generator)
  : series_(generator.make_series()), generator_(std::move(generator)) {
}

const kline_series* market::find(std::string_view symbol) const {
  for (const auto& s : series_)
    if (s.symbol == symbol)
      return &s;
  return nullptr;
}

bool market::has_bar(size_t s, size_t index) {
  auto& bars = series_.at(s).bars;
  if (index < bars.size())
    return true;
  if (!generator_)
    return false;
  generator_->append(series_, index + 1 - bars.size());
  return true;
}

int64_t market::first_open() const {
  auto first = std::numeric_limits<int64_t>::max();
  for (const auto& s : series_)
    if (!s.bars.empty())
      first = std::min(first, s.bars.front().open_time);
  if (generator_)
    first = std::min(first, generator_->next_open());
  return first;
}

void market::shift(int64_t offset_ms) {
  for (auto& s : series_)
    for (auto& k : s.bars) {
      k.open_time += offset_ms;
      k.close_time += offset_ms;
    }
  if (generator_)
    generator_->shift(offset_ms);
}

std::vector<kline> market::klines(const kline_series& series, const kline_interval& span,
                                  const kline_query& q, int64_t now) const {
  const auto& bars = series.bars;
  auto index_of = [&](int64_t t) {
    return static_cast<size_t>(
      std::lower_bound(bars.begin(), bars.end(), t,
                       [](const kline& k, int64_t x) { return k.open_time < x; })
      - bars.begin());
  };
  // 1m bars past this one belong to buckets still open at `now`.
  int64_t stop = span.bucket(now - span.ms) + span.ms;
  if (q.end_time)
    stop = std::min(stop, span.bucket(*q.end_time) + span.ms);
  size_t lo = 0;
  if (q.start_time) {
    int64_t b = span.bucket(*q.start_time);
    lo = index_of(b == *q.start_time ? b : b + span.ms);
  }
  size_t hi = index_of(stop);
  if (lo >= hi)
    return {};
  size_t buckets = 0;
  auto current = std::numeric_limits<int64_t>::min();
  auto counts_past_limit = [&](const kline& k) {
    auto b = span.bucket(k.open_time);
    if (b == current)
      return false;
    current = b;
    return ++buckets > q.limit;
  };
  if (q.start_time) {
    size_t i = lo;
    while (i < hi && !counts_past_limit(bars[i]))
      ++i;
    hi = i;
  } else {
    size_t i = hi;
    while (i > lo && !counts_past_limit(bars[i - 1]))
      --i;
    lo = i;
  }
  return aggregate(bars.data() + lo, bars.data() + hi, span);
}

} // namespace tn::sim
