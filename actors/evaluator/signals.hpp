#pragma once

// The evaluator's five signals for one symbol, each a score in [-1, 1]
// (positive bullish) computed from closed 1h bars, oldest first, whose
// closes are positive and whose values are finite (evaluate() keeps only
// the newest run of such bars). Scores are normalised by the symbol's own
// volatility (ATR14 as a fraction of the price), so one scale fits BTC and
// a small altcoin alike.

#include "messages/market.hpp"
#include "messages/snapshot.hpp"

#include <string>
#include <vector>

namespace tn {

/// One signal's score. Without enough data `has_data` is false, the score 0,
/// and the signal carries no weight in the combined score.
struct signal_score {
  double value = 0;
  bool has_data = false;
};

/// EMA20 against EMA50 of the closes, the spread in units of ATR14/price:
/// fast above slow is bullish. Needs 50 bars.
signal_score trend_signal(const std::vector<candle>& bars);

/// Half RSI14 ((RSI - 50) / 30, clamped: trend-following, not contrarian),
/// half the return over the last 24 bars (fewer if fewer exist) in units of
/// the volatility expected over that span. Needs 15 bars.
signal_score momentum_signal(const std::vector<candle>& bars);

/// ATR14/price now against its median over the bars: calmer than usual is
/// bullish, more volatile than usual bearish. The evaluator trades long
/// first, so high volatility counts against entries and for exits rather
/// than damping the other signals: the learner then sees it as a signal of
/// its own. Needs 24 bars (ten ATR values).
signal_score volatility_signal(const std::vector<candle>& bars);

/// The mean volume of the last 3 bars against the mean of up to 24 bars
/// before them, signed by the price move over those 3 bars: a move on rising
/// volume confirms it, a move on fading volume counts mildly against it.
/// Needs 15 bars and some volume in the base window.
signal_score volume_signal(const std::vector<candle>& bars);

/// The fifth signal, regime and derivatives: the mean of whichever of two
/// parts is known; no data when neither is (`derivatives` may be null).
/// - The crypto regime: "high_vol" -0.5 (high volatility counts against
///   entries), "low_vol" +0.5, anything else unknown; scaled by how sure
///   the filter is, 2p - 1 for the filtered probability p of the label
///   (taken as sure when p is unknown).
/// - The symbol's funding rate, contrarian around the usual 0.01 % per 8h:
///   crowded longs paying high funding are bearish, shorts paying negative
///   funding bullish, -tanh((rate - 0.0001) / 0.0005). A move of the open
///   interest over the monitor's window, either way, sharpens it (the
///   deviation counts 1 + |change| / 5 % times): high funding while open
///   interest falls is longs unwinding, negative funding while it rises is
///   shorts piling in.
signal_score regime_signal(const std::string& regime, const derivatives_view* derivatives,
                           const caf::optional<double>& probability = caf::none);

} // namespace tn
