#include "tools/exchange-sim/interval.hpp"

#include <algorithm>

namespace tn::sim {

namespace {

constexpr int64_t hour_ms = 60 * minute_ms;
constexpr int64_t day_ms = 24 * hour_ms;
// The Unix epoch fell on a Thursday; Binance weeks open on Monday.
constexpr int64_t week_offset_ms = 4 * day_ms;

constexpr kline_interval intervals[] = {
  {"1m", minute_ms},  {"3m", 3 * minute_ms}, {"5m", 5 * minute_ms}, {"15m", 15 * minute_ms},
  {"30m", 30 * minute_ms}, {"1h", hour_ms}, {"2h", 2 * hour_ms},  {"4h", 4 * hour_ms},
  {"6h", 6 * hour_ms}, {"8h", 8 * hour_ms}, {"12h", 12 * hour_ms}, {"1d", day_ms},
  {"3d", 3 * day_ms}, {"1w", 7 * day_ms},
};

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

} // namespace

int64_t kline_interval::bucket(int64_t t) const {
  int64_t offset = name == "1w" ? week_offset_ms : 0;
  return floor_div(t - offset, ms) * ms + offset;
}

std::optional<kline_interval> find_interval(std::string_view name) {
  for (const auto& x : intervals)
    if (x.name == name)
      return x;
  return std::nullopt;
}

void fold(kline& acc, const kline& bar) {
  acc.high = std::max(acc.high, bar.high);
  acc.low = std::min(acc.low, bar.low);
  acc.close = bar.close;
  acc.volume += bar.volume;
  acc.quote_volume += bar.quote_volume;
  acc.taker_base += bar.taker_base;
  acc.taker_quote += bar.taker_quote;
  if (bar.trades > 0) {
    if (acc.trades == 0)
      acc.first_trade_id = bar.first_trade_id;
    acc.trades += bar.trades;
  }
}

std::vector<kline> aggregate(const kline* first, const kline* last, const kline_interval& span) {
  std::vector<kline> out;
  for (; first != last; ++first) {
    int64_t start = span.bucket(first->open_time);
    if (out.empty() || out.back().open_time != start) {
      out.push_back(*first);
      out.back().open_time = start;
      out.back().close_time = start + span.ms - 1;
    } else {
      fold(out.back(), *first);
    }
  }
  return out;
}

} // namespace tn::sim
