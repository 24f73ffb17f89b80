#pragma once

// Technical indicators on closed bars, oldest first, as the evaluator's
// signals need them. Each returns nothing when the series is too short, so
// a signal can tell "no data" from "neutral".

#include "messages/market.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace tn {

/// The exponential moving average of `xs` over `period` at the last value,
/// seeded with the first value (alpha = 2 / (period + 1)); nothing with
/// fewer than `period` values.
std::optional<double> ema(const std::vector<double>& xs, size_t period);

/// Wilder's RSI over `period` changes at the last close, in [0, 100]; 50 when
/// the closes do not move. Nothing with fewer than period + 1 closes.
std::optional<double> rsi(const std::vector<double>& closes, size_t period);

/// Wilder's average true range over `period`, one value per bar from bar
/// `period` on (the first is the mean of the first `period` true ranges);
/// empty with fewer than period + 1 bars.
std::vector<double> atr_series(const std::vector<candle>& bars, size_t period);

/// The last value of atr_series(bars, period), computed the same way
/// without keeping the series; nothing with fewer than period + 1 bars.
std::optional<double> last_atr(const std::vector<candle>& bars, size_t period);

/// The median of `xs`; nothing if empty.
std::optional<double> median(std::vector<double> xs);

} // namespace tn
