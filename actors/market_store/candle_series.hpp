#pragma once

// Closed candles of one symbol and interval: sorted by open time, each bar
// once, bounded to the newest `capacity` bars.

#include "messages/market.hpp"

#include <deque>
#include <vector>

namespace tn {

class candle_series {
public:
  explicit candle_series(size_t capacity) : capacity_(capacity) {
  }

  /// Inserts a closed bar in open-time order. False if a bar with that
  /// open time is already there, or the bar is older than everything kept
  /// while the series is full.
  bool insert(const candle& bar);

  /// The bar opening at `open_time`, or null.
  const candle* find(timestamp open_time) const;

  /// The newest `n` bars, oldest first.
  std::vector<candle> last(size_t n) const;
  /// The newest `n` bars that had closed at `as_of` (open + length <=
  /// as_of), oldest first: what a decision at `as_of` may see.
  std::vector<candle> last(size_t n, timestamp as_of) const;

  /// Bars opening in [first, last], oldest first.
  std::vector<candle> range(timestamp first, timestamp last) const;

  size_t size() const {
    return bars_.size();
  }
  bool empty() const {
    return bars_.empty();
  }
  const candle& back() const {
    return bars_.back();
  }

private:
  size_t capacity_;
  std::deque<candle> bars_;
};

} // namespace tn
