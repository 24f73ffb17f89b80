#pragma once

// Delays between reconnect attempts: exponential, capped, with jitter so
// that many nodes (or symbols) do not retry in lockstep. The random source
// is seeded by its owner, so runs are reproducible.

#include "runtime/config/config.hpp"

#include <random>

namespace tn {

class reconnect_backoff {
public:
  reconnect_backoff(backoff_policy policy, uint64_t seed);

  /// The delay before the next attempt; each call doubles the base delay
  /// up to the policy's maximum.
  timespan next();

  /// A success: the next failure starts from the initial delay again.
  void reset();

  /// Attempts since the last reset.
  uint32_t attempts() const {
    return attempts_;
  }

private:
  backoff_policy policy_;
  std::mt19937_64 rng_;
  timespan base_;
  uint32_t attempts_ = 0;
};

/// The jitter seed of the market services: the configured one, else drawn
/// from the system's entropy.
uint64_t jitter_seed(const market_section& cfg);

} // namespace tn
