#pragma once

// When the first decision after start is due, for the operator's start-up
// line: the earliest of the next candle close of a watched symbol and the
// timer. A market move past the z-score thresholds can come earlier; no one
// can know when. Pure: the start time is a parameter.

#include "actors/gate/gate_config.hpp"

#include <string>
#include <vector>

namespace tn {

struct first_check {
  timestamp at;
  std::string by; // "the 4h candle close" or "the timer (gate.max_check)"
};

/// `now` is the first market time, `timer` when the gate's timer is due.
first_check first_check_due(const gate_config& cfg, const std::vector<std::string>& symbols,
                            timestamp now, timestamp timer);

} // namespace tn
