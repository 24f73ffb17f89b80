#pragma once

// The terminal progress line: feed rate, last prices, feed health, and the
// decisions made, equity and open positions. Pure logic over the status
// reports of the market listener, the market store, the trader, the broker
// and the position tracker.

#include "messages/events.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tn {

class progress_line {
public:
  /// The line for the reports sampled at event time `at` (shown first); a
  /// listener whose stream is not open shows STREAM DOWN; a null report
  /// means that service is not running, and its part is left out. Empty
  /// when both are missing. frames/s compares the listener's "frames"
  /// counter with the previous sample ("-" without one, or after the
  /// listener restarted and its counter went back).
  /// With the order path: the broker's equity and the tracker's open
  /// positions.
  std::string render(timestamp at, const status_report* listener, const status_report* store,
                     const status_report* trader = nullptr, const status_report* broker = nullptr,
                     const status_report* tracker = nullptr);

private:
  std::optional<timestamp> last_at_;
  int64_t last_frames_ = 0;
};

} // namespace tn
