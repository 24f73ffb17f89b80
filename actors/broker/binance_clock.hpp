#pragma once

// The exchange's clock as the binance broker signs by it: the offset from
// the signing clock to the exchange's, measured with GET /time (the server
// time against the midpoint of the request's send and answer), at start
// before the first signed request and again every `every` of event time;
// a failed measurement is tried again after `retry`. Pure: the event time
// and the signing clock's readings come in as arguments.

#include "messages/fwd.hpp"

#include <cstdint>

namespace tn {

class exchange_clock {
public:
  /// True if a measurement should start at event time `now`.
  bool due(timestamp now) const;

  /// A measurement started at event time `now`.
  void started(timestamp now);

  /// The server said `server_ms` to a request sent at `before_ms` and
  /// answered at `after_ms` of the signing clock; the next measurement is
  /// due `every` later (zero: none). Returns how far the offset moved.
  int64_t measured(timestamp now, int64_t before_ms, int64_t server_ms, int64_t after_ms,
                   timespan every);

  /// The measurement failed: tried again `retry` later.
  void failed(timestamp now, timespan retry);

  /// True once the first measurement finished, measured or failed: signed
  /// requests may go (a failed one leaves the offset to -1021 answers).
  bool settled() const {
    return settled_;
  }

  /// True once a measurement succeeded.
  bool measured_once() const {
    return measured_;
  }

  /// Exchange clock minus the signing clock, in ms.
  int64_t offset_ms() const {
    return offset_ms_;
  }

private:
  int64_t offset_ms_ = 0;
  bool pending_ = false;
  bool settled_ = false;
  bool measured_ = false;
  bool again_ = true; // another measurement is scheduled at `next_`
  timestamp next_{};
};

} // namespace tn
