#pragma once

// The position tracker's settings beyond the safety thresholds, which it
// shares with risk and the prompt (messages/snapshot.hpp, YAML `safety:`).

#include "actors/tracker/execution_config.hpp"
#include "messages/fwd.hpp"
#include "messages/snapshot.hpp"

#include <chrono>
#include <string>

namespace tn {

struct tracker_config {
  /// The safety layer checks stops on every tick; on this event-time cadence
  /// it also checks them on the last prices (ticks may be sparse, and an
  /// exit that failed is retried no sooner than one cadence later) and sees
  /// which positions are due for re-evaluation.
  timespan safety_cadence = std::chrono::seconds{30};
  /// An open position is put to the trader again this long after it opened
  /// and after each re-evaluation; zero switches re-evaluation off.
  timespan reevaluation_interval = std::chrono::seconds{180};
  /// The asset PnL and fees are counted in; symbols end with it.
  std::string quote_asset = "USDT";
  /// Exchange-side protective stops (section `execution`).
  execution_config execution;

  /// "" if the settings are usable, otherwise the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

/// "" if the thresholds are usable, otherwise the first problem, naming the key.
[[nodiscard]] std::string validate(const safety_thresholds& x);

} // namespace tn
