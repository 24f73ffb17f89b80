#pragma once

// The derivatives monitor's settings (the `derivatives:` section).

#include "messages/fwd.hpp"

#include <chrono>
#include <string>

namespace tn {

struct derivatives_config {
  /// Poll interval per symbol while the gate is quiet for it ...
  timespan quiet_interval = std::chrono::minutes{5};
  /// ... and while it is hot: after a z-score or wake-condition pass for
  /// the symbol, for `hot_for` (the gate's cooldown by default).
  timespan hot_interval = std::chrono::minutes{1};
  timespan hot_for = std::chrono::minutes{30};
  /// The span of the open interest change and of the windowed CVD.
  timespan oi_window = std::chrono::hours{1};
  timespan cvd_window = std::chrono::hours{1};
  /// Period of the /futures/data endpoints (open interest history, long/short
  /// ratio): 5m 15m 30m 1h 2h 4h 6h 12h 1d.
  std::string data_period = "5m";
  /// A poll that failed (transport error, HTTP error, malformed answer) is
  /// retried after `retry_initial`, doubling up to `retry_max`, never
  /// sooner than a Retry-After the exchange sent.
  timespan retry_initial = std::chrono::seconds{10};
  timespan retry_max = std::chrono::minutes{5};

  /// "" if usable, otherwise the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

/// The length of a data period name; zero if it is not one of Binance's.
timespan data_period_length(const std::string& period);

} // namespace tn
