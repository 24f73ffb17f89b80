#pragma once

// Daily closes and the log returns the regime model is fitted on.

#include "messages/fwd.hpp"

#include <vector>

namespace tn {

/// The close of the UTC day opening at `day`.
struct daily_close {
  timestamp day;
  double close = 0;
};

/// log(close[i] / close[i-1]) for each pair of consecutive days of the
/// newest unbroken run of `closes` (ascending by day): a missing day ends
/// the run, so no return spans two days. At most `limit` returns, the
/// newest; 0: all of the run.
std::vector<double> newest_log_returns(const std::vector<daily_close>& closes, size_t limit = 0);

} // namespace tn
