#pragma once

// When to restart a failed service, and when to give up. Pure logic: time
// is event time passed in by the supervisor.

#include "messages/fwd.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <random>

namespace tn {

/// Lifecycle of a supervised service.
enum class service_state : uint8_t { up, restarting, stopped };

const char* to_string(service_state x);

/// Exponential backoff and a failure budget over a sliding window of event
/// time, for one service. The k-th failure within the window waits
/// initial * 2^(k-1), capped at max; failures that slid out of the window
/// no longer count, so the backoff shrinks again after a quiet period.
/// With jitter j, each delay is drawn from [d * (1 - j), d], from a
/// generator seeded by the owner, so services failing together do not
/// restart in lockstep and a seeded run repeats itself.
class restart_policy {
public:
  /// What to do about a failure.
  struct decision {
    /// More than max_restarts failures within the window: stop the node.
    bool give_up = false;
    /// How long to wait before the restart (when not giving up).
    timespan delay{};
    /// Failures within the window, this one included.
    size_t failures = 0;
  };

  restart_policy(uint32_t max_restarts, timespan window, timespan initial, timespan max,
                 double jitter = 0, uint64_t seed = 0);

  /// Records a failure at event time `now`.
  decision on_failure(timestamp now);

  /// Failures within the window that ends at `now`.
  size_t failures_within(timestamp now);

private:
  void expire(timestamp now);

  uint32_t max_restarts_;
  timespan window_;
  timespan initial_;
  timespan max_;
  double jitter_;
  std::mt19937_64 rng_;
  std::deque<timestamp> failures_;
};

} // namespace tn
