#include "runtime/restart_policy.hpp"

#include <algorithm>

namespace tn {

const char* to_string(service_state x) {
  switch (x) {
    case service_state::up: return "up";
    case service_state::restarting: return "restarting";
    case service_state::stopped: return "stopped";
  }
  return "?";
}

restart_policy::restart_policy(uint32_t max_restarts, timespan window, timespan initial,
                               timespan max, double jitter, uint64_t seed)
  : max_restarts_(max_restarts), window_(window), initial_(initial), max_(std::max(initial, max)),
    jitter_(std::clamp(jitter, 0.0, 1.0)), rng_(seed) {
}

restart_policy::decision restart_policy::on_failure(timestamp now) {
  expire(now);
  failures_.push_back(now);
  decision result;
  result.failures = failures_.size();
  result.give_up = result.failures > max_restarts_;
  // Double per earlier failure in the window, never past max: doubling
  // past it could overflow.
  auto delay = initial_;
  for (size_t i = 1; i < result.failures && delay < max_; ++i)
    delay = delay > max_ / 2 ? max_ : delay * 2;
  if (jitter_ > 0) {
    std::uniform_real_distribution<double> fraction{1.0 - jitter_, 1.0};
    delay = std::chrono::duration_cast<timespan>(delay * fraction(rng_));
  }
  result.delay = delay;
  return result;
}

size_t restart_policy::failures_within(timestamp now) {
  expire(now);
  return failures_.size();
}

void restart_policy::expire(timestamp now) {
  // A failure counts while it is less than one window old.
  while (!failures_.empty() && now - failures_.front() >= window_)
    failures_.pop_front();
}

} // namespace tn
