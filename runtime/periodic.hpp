#pragma once

// A cadence in event time, for services that act every so often.

#include "messages/fwd.hpp"

#include <optional>

namespace tn {

/// Due at the first time seen, then once per interval.
class periodic {
public:
  explicit periodic(timespan interval);

  /// True if due at `now`; the next time is then due one interval later.
  bool due(timestamp now);

private:
  timespan interval_;
  std::optional<timestamp> last_;
};

} // namespace tn
