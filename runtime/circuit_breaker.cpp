#include "runtime/circuit_breaker.hpp"

#include "runtime/time_format.hpp"

namespace tn {

circuit_breaker::circuit_breaker(uint32_t threshold, timespan open_for)
  : threshold_(threshold < 1 ? 1 : threshold), open_for_(open_for) {
}

breaker_permit circuit_breaker::acquire(timestamp now) {
  advance(now);
  switch (status_.state) {
    case breaker_state::closed:
      return breaker_permit::call;
    case breaker_state::open:
      return breaker_permit::refuse;
    case breaker_state::half_open:
      if (probe_in_flight_)
        return breaker_permit::refuse;
      probe_in_flight_ = true;
      probe_deadline_ = now + open_for_;
      return breaker_permit::probe;
  }
  return breaker_permit::refuse;
}

bool circuit_breaker::record(timestamp now, breaker_outcome outcome, const std::string& why) {
  advance(now);
  auto ok = outcome == breaker_outcome::success;
  if (outcome == breaker_outcome::untested) {
    // The model was not asked: nothing learned, but the probe must not
    // hold the half-open breaker until its deadline.
    if (status_.state != breaker_state::half_open || !probe_in_flight_)
      return false;
    probe_in_flight_ = false;
    return true;
  }
  switch (status_.state) {
    case breaker_state::open:
      return false;
    case breaker_state::closed:
      if (ok) {
        status_.consecutive_failures = 0;
        return false;
      }
      status_.last_error = why;
      if (++status_.consecutive_failures < threshold_)
        return false;
      open(now, why);
      return true;
    case breaker_state::half_open:
      if (!probe_in_flight_)
        return false; // a call permitted before the breaker opened
      probe_in_flight_ = false;
      if (ok) {
        status_.state = breaker_state::closed;
        status_.consecutive_failures = 0;
      } else {
        ++status_.consecutive_failures;
        open(now, why);
      }
      return true;
  }
  return false;
}

bool circuit_breaker::advance(timestamp now) {
  if (status_.state == breaker_state::open && now >= status_.next_probe) {
    status_.state = breaker_state::half_open;
    probe_in_flight_ = false;
    return true;
  }
  if (status_.state == breaker_state::half_open && probe_in_flight_ && now >= probe_deadline_) {
    probe_in_flight_ = false;
    open(now, "the probe did not report back");
    return true;
  }
  return false;
}

void circuit_breaker::open(timestamp now, const std::string& why) {
  status_.state = breaker_state::open;
  status_.next_probe = now + open_for_;
  status_.last_error = why;
  ++status_.times_opened;
}

std::string circuit_breaker::describe() const {
  std::string out = "breaker ";
  out += to_string(status_.state);
  out += ", consecutive failures " + std::to_string(status_.consecutive_failures);
  if (status_.state == breaker_state::open)
    out += ", next probe " + format_timestamp(status_.next_probe);
  if (status_.state == breaker_state::half_open)
    out += probe_in_flight_ ? ", probe in flight" : ", the next call is the probe";
  if (!status_.last_error.empty() && status_.state != breaker_state::closed)
    out += ", last error: " + status_.last_error;
  return out;
}

} // namespace tn
