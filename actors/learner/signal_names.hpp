#pragma once

// The learner's name for a signal. The evaluator emits five fixed names
// (actors/evaluator/evaluator.hpp: trend, momentum, volatility, volume,
// regime); the model names its signals freely ("RSI", "EMA cross",
// "Funding rate"). Normalising folds both onto one vocabulary, so a signal
// learns from every trade that carried it, whoever decided. Pure.

#include <string>
#include <string_view>

namespace tn {

/// Lower case; every run of characters other than a-z and 0-9 becomes one
/// "_", none at either end ("EMA 20/50 cross" -> "ema_20_50_cross"). Then a
/// name whose first word (or whole name) is a known indicator of one of the
/// evaluator's five signals becomes that signal's name: ema, sma, ma,
/// moving_average -> trend; rsi, macd, roc, stoch, stochastic -> momentum;
/// atr, bollinger, bb -> volatility; obv, cvd, vwap -> volume; funding,
/// open_interest, oi, long_short_ratio, derivatives, macro -> regime. Any
/// other name stays as normalised. "" when nothing is left.
std::string normalise_signal_name(std::string_view raw);

} // namespace tn
