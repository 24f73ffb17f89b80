#include "runtime/clock.hpp"

namespace tn {

timestamp wall_clock::now() const {
  return std::chrono::time_point_cast<timespan>(std::chrono::system_clock::now());
}

replay_clock::replay_clock(timestamp start) : ns_(start.time_since_epoch().count()) {
}

timestamp replay_clock::now() const {
  return timestamp{timespan{ns_.load(std::memory_order_acquire)}};
}

bool replay_clock::advance_to(timestamp t) {
  auto want = t.time_since_epoch().count();
  auto cur = ns_.load(std::memory_order_acquire);
  // A CAS loop, so a concurrent advance can never be undone by a later call
  // carrying an older time.
  while (want >= cur)
    if (ns_.compare_exchange_weak(cur, want, std::memory_order_acq_rel))
      return true;
  return false;
}

} // namespace tn
