#pragma once

// The LLM circuit breaker (DESIGN.md "The decision contract"): after
// `threshold` consecutive failed model calls it opens and the evaluator
// decides; after `open_for` of event time it turns half-open and lets one
// probe through, which closes it or opens it again. It cannot stay open for
// good: every open period ends, and a probe whose outcome never arrives
// counts as failed once another open period has passed.
// Pure: time is a parameter.

#include "messages/breaker.hpp"

#include <cstdint>
#include <string>

namespace tn {

class circuit_breaker {
public:
  /// `threshold` >= 1; `open_for` > 0.
  circuit_breaker(uint32_t threshold, timespan open_for);

  /// May the model be called at `now`? A probe permit is handed out once per
  /// half-open period; until its outcome arrives, everyone else is refused.
  breaker_permit acquire(timestamp now);

  /// The outcome of a permitted call, at the event time it arrived (the
  /// next open period counts from then). Outcomes that arrive while open
  /// (calls permitted before it opened) change nothing; an untested probe
  /// frees the probe permit for the next call. Returns true if the state
  /// changed.
  bool record(timestamp now, breaker_outcome outcome, const std::string& why);

  /// Time passes: an open breaker turns half-open when its period is over;
  /// a probe lost for a whole period counts as failed. True if the state
  /// changed.
  bool advance(timestamp now);

  const breaker_status& status() const {
    return status_;
  }

  /// One line for the event log: state, failures, next probe.
  std::string describe() const;

private:
  void open(timestamp now, const std::string& why);

  uint32_t threshold_;
  timespan open_for_;
  breaker_status status_;
  bool probe_in_flight_ = false;
  timestamp probe_deadline_;
};

} // namespace tn
