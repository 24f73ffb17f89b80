#include "runtime/config/scheduler_profile.hpp"

namespace tn {

std::vector<scheduler_setting> scheduler_settings(scheduler_profile profile) {
  if (profile != scheduler_profile::low_latency)
    return {};
  // CAF's default is 100 attempts (libcaf_core 0.17.6, defaults.cpp); the
  // moderate and relaxed stages after it keep their defaults.
  return {{"work-stealing.aggressive-poll-attempts", 100'000}};
}

} // namespace tn
