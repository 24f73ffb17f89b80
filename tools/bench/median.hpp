#pragma once

// The figure a benchmark reports over several runs: machines are noisy.

#include <algorithm>
#include <vector>

namespace tn::bench {

/// The middle value (the upper one of an even count).
inline double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

} // namespace tn::bench
