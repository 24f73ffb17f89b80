#pragma once

// Mean and standard deviation of the last N values, O(1) per value.

#include <cstddef>
#include <vector>

namespace tn {

/// Welford's running mean and sum of squared deviations, with the value
/// leaving the window replaced in one update. The sums run on values minus
/// a shift (the first value, later the window mean), so a large level with
/// a small spread keeps its digits. Rounding drifts slowly: every `window`
/// evictions the sums are recomputed from the ring, O(window) once per
/// window values, O(1) amortised.
class rolling_stats {
public:
  explicit rolling_stats(std::size_t window);

  /// Adds `x`; once the window is full the oldest value leaves.
  void push(double x);

  /// Values currently in the window.
  std::size_t size() const {
    return count_;
  }

  double mean() const {
    return shift_ + mean_;
  }

  /// Sample standard deviation (n - 1); 0 with fewer than two values.
  double stddev() const;

  /// (x - mean) / stddev; 0 when the window has no spread.
  double z(double x) const;

private:
  void recompute();

  std::vector<double> ring_;
  std::size_t next_ = 0;
  std::size_t count_ = 0;
  std::size_t evictions_ = 0;
  double shift_ = 0;
  double mean_ = 0; // of the shifted values
  double m2_ = 0;
};

} // namespace tn
