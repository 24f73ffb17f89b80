#pragma once

// The LLM circuit breaker the supervisor runs (DESIGN.md "The decision
// contract"): its state as events and the console show it, and its answer
// to "may I call the model now?".

#include "messages/fwd.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>

namespace tn {

enum class breaker_state : uint8_t { closed = 0, open, half_open };

inline const char* to_string(breaker_state x) {
  switch (x) {
    case breaker_state::closed: return "closed";
    case breaker_state::open: return "open";
    case breaker_state::half_open: return "half_open";
  }
  return "?";
}

struct breaker_status {
  breaker_state state = breaker_state::closed;
  uint32_t consecutive_failures = 0;
  timestamp next_probe;   // open: when the half-open probe is due
  uint64_t times_opened = 0;
  std::string last_error; // of the last failure
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, breaker_status& x) {
  return f(caf::meta::type_name("breaker_status"), x.state, x.consecutive_failures, x.next_probe,
           x.times_opened, x.last_error);
}

/// What the caller may do now.
enum class breaker_permit : uint8_t {
  call = 0, // closed: call the model
  probe,    // half-open: this one call is the probe; re-authenticate first
  refuse,   // open, or a probe is in flight: the evaluator decides
};

inline const char* to_string(breaker_permit x) {
  switch (x) {
    case breaker_permit::call: return "call";
    case breaker_permit::probe: return "probe";
    case breaker_permit::refuse: return "refuse";
  }
  return "?";
}

/// How a permitted call went, as the caller reports it.
enum class breaker_outcome : uint8_t {
  success = 0, // the model answered with a usable decision
  failure,     // it failed or its answer was rejected: counts
  untested,    // no call was made (budget spent, no backend): a probe is free again
};

inline const char* to_string(breaker_outcome x) {
  switch (x) {
    case breaker_outcome::success: return "success";
    case breaker_outcome::failure: return "failure";
    case breaker_outcome::untested: return "untested";
  }
  return "?";
}

} // namespace tn
