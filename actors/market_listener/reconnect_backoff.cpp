#include "actors/market_listener/reconnect_backoff.hpp"

#include <algorithm>

namespace tn {

reconnect_backoff::reconnect_backoff(backoff_policy policy, uint64_t seed)
  : policy_(policy), rng_(seed), base_(policy.initial) {
}

timespan reconnect_backoff::next() {
  ++attempts_;
  auto base = base_;
  base_ = std::min(base_ * 2, policy_.max);
  if (policy_.jitter <= 0)
    return base;
  // The delay is drawn from [base * (1 - jitter), base].
  std::uniform_real_distribution<double> fraction{1.0 - policy_.jitter, 1.0};
  return std::chrono::duration_cast<timespan>(base * fraction(rng_));
}

uint64_t jitter_seed(const market_section& cfg) {
  if (cfg.seed != 0)
    return cfg.seed;
  std::random_device entropy;
  return (uint64_t{entropy()} << 32) | entropy();
}

void reconnect_backoff::reset() {
  base_ = policy_.initial;
  attempts_ = 0;
}

} // namespace tn
