#pragma once

// Kline intervals and aggregation of 1m bars into longer ones.

#include "tools/exchange-sim/kline.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace tn::sim {

/// A Binance kline interval of fixed length ("1m" .. "1w"; not "1s", whose
/// bars the data cannot give, nor "1M", whose length varies).
struct kline_interval {
  std::string_view name;
  int64_t ms = minute_ms;

  /// The open time of the bar containing `t` (UTC; weeks start on Monday).
  int64_t bucket(int64_t t) const;
};

/// The interval with this wire name, if the simulator serves it.
std::optional<kline_interval> find_interval(std::string_view name);

/// Folds `bar` (later in time) into `acc`, an aggregate of earlier bars.
void fold(kline& acc, const kline& bar);

/// Aggregates ascending 1m bars [first, last) into `span` bars; bars are
/// stamped with their bucket's open and close time.
std::vector<kline> aggregate(const kline* first, const kline* last, const kline_interval& span);

} // namespace tn::sim
