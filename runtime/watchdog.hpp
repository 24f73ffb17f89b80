#pragma once

// Notices when market data stops arriving. Pure logic: time is the clock
// service's event time.

#include "messages/fwd.hpp"

#include <optional>

namespace tn {

class watchdog {
public:
  /// Warns after `no_data` without market data.
  explicit watchdog(timespan no_data);

  /// Time passed. Returns the silence when it just reached the limit: once
  /// per silence, until data arrives again. The first time seen counts as
  /// the start of a silence, so a feed that never delivers is noticed too.
  std::optional<timespan> on_time(timestamp now);

  /// Market data arrived at `now`. Returns how long the silence lasted if
  /// it had been reported; re-arms the warning either way.
  std::optional<timespan> on_data(timestamp now);

  /// Warnings raised since start.
  uint64_t warnings() const {
    return warnings_;
  }

private:
  timespan limit_;
  std::optional<timestamp> last_data_;
  bool fired_ = false;
  uint64_t warnings_ = 0;
};

} // namespace tn
