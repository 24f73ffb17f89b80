#pragma once

// The trader's config section: what the snapshot and the prompt show. Read
// by trader_section() (actors/trader/trader_section.cpp).

#include "messages/market.hpp"
#include "messages/snapshot.hpp"

#include <cstdint>
#include <vector>

namespace tn {

struct trader_config {
  /// Closed candles per interval in the snapshot (and the prompt).
  uint32_t prompt_bars = 24;
  /// Intervals shown; the evaluator needs 1h.
  std::vector<interval> prompt_intervals = {interval::h1, interval::h4, interval::d1};
  /// The tracker's safety layer, stated in every prompt.
  safety_thresholds safety;
};

} // namespace tn
