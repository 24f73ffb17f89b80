#pragma once

// The fallback evaluator: decides on the same snapshot as the model, with
// five weighted signals (signals.hpp) on each symbol's closed 1h bars, when
// no model backend is configured, the circuit breaker is open or the model
// timed out. Deterministic: the same snapshot and config give the same
// decision.
//
// Per symbol the signals with data are combined by weight (normalised by
// the total weight of those signals) into a score in [-1, 1]. Each weight
// is the configured one times the learner's sampled weight for that signal
// when the snapshot carries learner weights (a signal without one counts at
// the neutral 0.5); without them the configured weights decide alone:
//   score >= entry_threshold   BUY,  position_pct (the target share of
//                                    equity) from 0 at the threshold to
//                                    max_position_pct at 1; risk raises the
//                                    position to it and does nothing when it
//                                    is already there
//   score <= -entry_threshold  SELL, position_pct 0: close whatever is held
//                                    (nothing when flat: the node does not
//                                    short)
//   otherwise                  HOLD, position_pct 0 (an open position is
//                                    kept)
// Symbols with fewer than evaluator_min_bars usable 1h bars hold, every
// signal neutral with confidence 0.

#include "actors/evaluator/evaluator_config.hpp"
#include "messages/decision.hpp"
#include "messages/snapshot.hpp"

#include <array>
#include <cstddef>

namespace tn {

/// The signal names in the order every symbol_decision lists them: the
/// learner's keys, kept stable.
inline constexpr std::array<const char*, 5> evaluator_signal_names{"trend", "momentum",
                                                                   "volatility", "volume",
                                                                   "regime"};

/// Fewer usable 1h bars than this (RSI14 and ATR14 need 15) and a symbol
/// holds unscored. Trend needs 50, volatility 24.
inline constexpr size_t evaluator_min_bars = 15;

/// The evaluator's decision on `snap` under `cfg` (validated): one entry per
/// symbol of the snapshot, in its order.
[[nodiscard]] decision evaluate(const market_snapshot& snap, const evaluator_config& cfg);

} // namespace tn
