#include "actors/gate/rolling_stats.hpp"

#include <cmath>

namespace tn {

rolling_stats::rolling_stats(std::size_t window) : ring_(window) {
}

void rolling_stats::push(double x) {
  if (count_ == 0)
    shift_ = x;
  auto y = x - shift_;
  if (count_ == ring_.size()) {
    auto old = ring_[next_] - shift_;
    ring_[next_] = x;
    next_ = (next_ + 1) % ring_.size();
    if (++evictions_ == ring_.size()) {
      evictions_ = 0;
      recompute();
      return;
    }
    // Replace `old` by `y` at constant n: the mean shifts by the difference
    // over n, M2 by the product of both deviations.
    auto delta = y - old;
    auto old_mean = mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (y - mean_ + old - old_mean);
    if (m2_ < 0)
      m2_ = 0;
    return;
  }
  ring_[next_] = x;
  next_ = (next_ + 1) % ring_.size();
  ++count_;
  auto delta = y - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (y - mean_);
}

double rolling_stats::stddev() const {
  return count_ < 2 ? 0.0 : std::sqrt(m2_ / static_cast<double>(count_ - 1));
}

double rolling_stats::z(double x) const {
  auto sd = stddev();
  return sd > 0 ? (x - shift_ - mean_) / sd : 0.0;
}

// Exact sums, and a new shift at the window's mean so the level may wander
// without the shifted values growing.
void rolling_stats::recompute() {
  double sum = 0;
  for (auto v : ring_)
    sum += v - shift_;
  shift_ += sum / static_cast<double>(count_);
  mean_ = 0;
  m2_ = 0;
  for (auto v : ring_) {
    auto d = v - shift_;
    mean_ += d;
    m2_ += d * d;
  }
  mean_ /= static_cast<double>(count_);
  m2_ -= mean_ * mean_ * static_cast<double>(count_);
  if (m2_ < 0)
    m2_ = 0;
}

} // namespace tn
