#pragma once

// The fallback evaluator's settings: five signals, each scored in [-1, 1]
// per symbol, combined by weight into one score that maps to an action.

#include <cstdint>
#include <string>

namespace tn {

struct evaluator_weights {
  double trend = 0.30;      // EMA 20/50 on 1h closes: direction and spread
  double momentum = 0.25;   // RSI(14) on 1h closes, and the 24h return
  double volatility = 0.15; // ATR(14)/price on 1h against its own median: calm favours entries
  double volume = 0.15;     // last 3h volume against the day's mean, signed by the price change
  double regime = 0.15;     // regime label and funding (derivatives); no say without them
};

struct evaluator_config {
  evaluator_weights weights;
  /// A weighted score at or above this buys, at or below -this sells.
  double entry_threshold = 0.35;
  /// A BUY's target share of equity at score 1; it scales linearly from 0 at
  /// the threshold.
  double max_position_pct = 0.5;
  /// When the evaluator decides, the gate checks again after this many seconds.
  int64_t next_check_seconds = 3600;

  /// "" if usable, else the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

} // namespace tn
