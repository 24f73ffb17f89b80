#include "actors/market_store/aggregate.hpp"

namespace tn {

timestamp bar_start(timestamp t, interval span) {
  auto len = length_of(span);
  auto since_epoch = t.time_since_epoch();
  return timestamp{since_epoch - since_epoch % len};
}

bool closes_bar(timestamp open_time, interval span) {
  auto next = open_time + length_of(interval::m1);
  return bar_start(next, span) == next;
}

std::optional<candle> aggregate(const std::vector<candle>& minutes, interval span,
                                timestamp open_time) {
  auto expected = static_cast<size_t>(length_of(span) / length_of(interval::m1));
  if (minutes.size() != expected)
    return std::nullopt;
  auto t = open_time;
  for (auto& m : minutes) {
    if (m.open_time != t)
      return std::nullopt;
    t += length_of(interval::m1);
  }
  candle bar = minutes.front();
  bar.span = span;
  bar.open_time = open_time;
  bar.closed = true;
  bar.close = minutes.back().close;
  bar.volume = bar.quote_volume = bar.taker_buy_volume = 0;
  bar.trades = 0;
  for (auto& m : minutes) {
    bar.high = std::max(bar.high, m.high);
    bar.low = std::min(bar.low, m.low);
    bar.volume += m.volume;
    bar.quote_volume += m.quote_volume;
    bar.taker_buy_volume += m.taker_buy_volume;
    bar.trades += m.trades;
  }
  return bar;
}

} // namespace tn
