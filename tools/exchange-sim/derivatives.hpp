#pragma once

// Futures market data the replayed bars do not carry, derived from them
// deterministically so a replay gives the same numbers every time: funding
// every 8 h (0.01 % plus a premium term from the window's price change),
// open interest (the trailing 24 h volume), and the global long/short
// account ratio (leaning with the period's price change). Times are market
// time, as the klines'.

#include "tools/exchange-sim/kline.hpp"

#include <optional>
#include <vector>

namespace tn::sim {

inline constexpr int64_t funding_interval_ms = 8 * 60 * 60 * 1000;

/// The bars of `s` that closed by market time `t`: the index one past the
/// last of them.
size_t closed_by(const kline_series& s, int64_t t);

/// The funding rate settled at `funding_time` (a multiple of 8 h), at 8
/// decimals; nullopt before the series' data covers that window.
std::optional<units> funding_rate(const kline_series& s, int64_t funding_time);

/// The close of the last bar closed by `t`, at the series' price scale.
std::optional<units> close_at(const kline_series& s, int64_t t);

/// Open interest at `t` in base units (at the series' quantity scale).
units open_interest(const kline_series& s, int64_t t);

/// The long account share at `t` over `period_ms`, at 4 decimals (5000 =
/// 0.5000).
int64_t long_account_share(const kline_series& s, int64_t t, int64_t period_ms);

} // namespace tn::sim
