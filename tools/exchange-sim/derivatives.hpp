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

/// The next funding time after market time `t`.
int64_t next_funding(int64_t t);

/// What premiumIndex and the @markPrice stream state for the replayed
/// `price` (at the series' price scale) at market time `t`.
struct premium {
  int scale = 8;    // decimals of the prices: at least 8
  units mark = 0;   // mark = index = estimated settle price: the replayed price
  units funding_rate = 0; // the last settled rate (0.01 % before the data covers one), 8 decimals
  int64_t next_funding_time = 0;
};

premium premium_at(const kline_series& s, units price, int64_t t);

/// The interest rate premiumIndex states: 0.01 %, at 8 decimals.
inline constexpr units interest_rate = 10'000;

/// Open interest at `t` in base units (at the series' quantity scale).
units open_interest(const kline_series& s, int64_t t);

/// The long account share at `t` over `period_ms`, at 4 decimals (5000 =
/// 0.5000).
int64_t long_account_share(const kline_series& s, int64_t t, int64_t period_ms);

} // namespace tn::sim
