#pragma once

// Event time for logic that runs on market data (DESIGN.md "Time"). The
// market's own timestamps are the time. The clock service's beats only carry
// it forward while the market is silent, by the wall (or replay) time that
// passed since the market last spoke. Only differences between beats count,
// so a clock that is off by a constant (a skewed host, a simulator replaying
// 2025 in 2026) changes nothing. Pure: time is a parameter.

#include "messages/fwd.hpp"

#include <optional>

namespace tn {

class market_clock {
public:
  /// Market data stamped `t` arrived. Returns the event time, which never
  /// runs backwards.
  timestamp on_data(timestamp t);

  /// The clock service's time. Returns the event time, or nothing before
  /// the first market data: a silence before any data has no market time
  /// to extend.
  std::optional<timestamp> on_beat(timestamp beat);

  /// The event time; nothing before the first market data.
  std::optional<timestamp> now() const {
    return now_;
  }

private:
  // The beat at which the market time was last seen to move, and that time.
  struct anchor {
    timestamp beat;
    timestamp market;
  };

  std::optional<timestamp> market_;
  std::optional<timestamp> now_;
  std::optional<anchor> anchor_;
};

} // namespace tn
