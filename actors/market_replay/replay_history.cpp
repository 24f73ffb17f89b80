#include "actors/market_replay/replay_history.hpp"

#include "actors/market_listener/rest_klines.hpp"

#include <algorithm>

namespace tn {

namespace {

constexpr int64_t minute_ms = 60'000;

int64_t length_ms(interval span) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(length_of(span)).count();
}

timestamp from_millis(int64_t ms) {
  return timestamp{std::chrono::duration_cast<timespan>(std::chrono::milliseconds{ms})};
}

/// The open time (ms) of the `len` bar containing `ms`, on the epoch's grid.
int64_t grid_start(int64_t ms, int64_t len) {
  auto rem = ms % len;
  return ms - (rem < 0 ? rem + len : rem);
}

} // namespace

candle to_candle(const std::string& symbol, interval span, const replay_bar& bar) {
  candle c;
  c.symbol = symbol;
  c.span = span;
  c.open_time = from_millis(bar.open_ms);
  c.open = bar.open;
  c.high = bar.high;
  c.low = bar.low;
  c.close = bar.close;
  c.volume = bar.volume;
  c.quote_volume = bar.quote_volume;
  c.trades = bar.trades;
  c.taker_buy_volume = bar.taker_buy_volume;
  c.closed = true;
  return c;
}

void replay_history::ring::push(const replay_bar& bar, size_t depth) {
  if (bars_.size() < depth) {
    bars_.push_back(bar);
    return;
  }
  bars_[oldest_] = bar;
  oldest_ = (oldest_ + 1) % bars_.size();
}

replay_history::replay_history(size_t depth) : depth_(std::max<size_t>(depth, 1)) {
}

void replay_history::reset(const std::vector<std::string>& symbols) {
  symbols_.clear();
  symbols_.resize(symbols.size());
  for (size_t i = 0; i < symbols.size(); ++i)
    symbols_[i].symbol = symbols[i];
}

void replay_history::add(size_t index, const replay_bar& minute) {
  auto& h = symbols_.at(index);
  h.rings[0].push(minute, depth_);
  // Each longer bar as the market store builds it (actors/market_store/
  // aggregate.cpp): the first minute's values, then every minute's high,
  // low, close and sums in order, kept only when no minute is missing.
  for (size_t k = 1; k < std::size(all_intervals); ++k) {
    auto len = length_ms(all_intervals[k]);
    auto start = grid_start(minute.open_ms, len);
    auto& f = h.longer[k];
    if (!f.active || f.open_ms != start) {
      f.active = true;
      f.open_ms = start;
      f.whole = minute.open_ms == start;
      f.bar = minute;
      f.bar.open_ms = start;
      f.bar.volume = f.bar.quote_volume = f.bar.taker_buy_volume = 0;
      f.bar.trades = 0;
    } else if (minute.open_ms != f.next_ms) {
      f.whole = false;
    }
    f.next_ms = minute.open_ms + minute_ms;
    if (f.whole) {
      f.bar.high = std::max(f.bar.high, minute.high);
      f.bar.low = std::min(f.bar.low, minute.low);
      f.bar.close = minute.close;
      f.bar.volume += minute.volume;
      f.bar.quote_volume += minute.quote_volume;
      f.bar.taker_buy_volume += minute.taker_buy_volume;
      f.bar.trades += minute.trades;
    }
    if (f.next_ms == start + len) {
      if (f.whole)
        h.rings[k].push(f.bar, depth_);
      f.active = false;
    }
  }
}

std::vector<candle> replay_history::answer(const bar_request& req, timestamp as_of) const {
  std::vector<candle> result;
  auto h = std::find_if(symbols_.begin(), symbols_.end(),
                        [&](const symbol_history& s) { return s.symbol == req.symbol; });
  if (h == symbols_.end())
    return result;
  auto len = length_of(req.span);
  auto& bars = h->rings[static_cast<size_t>(req.span)];
  for (size_t i = 0; i < bars.size(); ++i) {
    auto& bar = bars[i];
    auto open = from_millis(bar.open_ms);
    if (open < req.first)
      continue;
    // Only what had closed when the store asked.
    if (open > req.last || open + len > as_of)
      break;
    if ((open - req.first) % len == timespan::zero())
      result.push_back(to_candle(h->symbol, req.span, bar));
  }
  return result;
}

size_t replay_history::retained() const {
  size_t n = 0;
  for (auto& h : symbols_)
    for (auto& r : h.rings)
      n += r.size();
  return n;
}

} // namespace tn
