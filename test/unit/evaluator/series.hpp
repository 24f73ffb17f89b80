#pragma once

// Constructed 1h series and snapshots for the evaluator's tests.

#include "messages/snapshot.hpp"

#include <chrono>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace tn::test {

/// 2024-02-01 00:00 UTC, where the constructed series start.
inline timestamp series_start() {
  return from_unix_ms(1706745600000);
}

/// Closes growing by `step` (a fraction) per bar from `start`, with a
/// repeating wiggle of +-`wiggle` (fraction) so bars go both ways.
inline std::vector<double> trending_closes(size_t n, double start, double step, double wiggle) {
  std::vector<double> result;
  for (size_t i = 0; i < n; ++i) {
    double shape[] = {0.0, 1.0, -1.0, 0.5};
    result.push_back(start * std::pow(1.0 + step, static_cast<double>(i))
                     * (1.0 + wiggle * shape[i % 4]));
  }
  return result;
}

/// 1h bars with these closes: each opens at the previous close, its wicks
/// reach `wick` (fraction) beyond the body, `volume` traded in each.
inline std::vector<candle> hourly_bars(const std::vector<double>& closes, double volume = 100,
                                       double wick = 0.002, const std::string& symbol = "BTCUSDT") {
  std::vector<candle> result;
  for (size_t i = 0; i < closes.size(); ++i) {
    candle c;
    c.symbol = symbol;
    c.span = interval::h1;
    c.open_time = series_start() + std::chrono::hours{static_cast<int64_t>(i)};
    c.open = i == 0 ? closes[0] : closes[i - 1];
    c.close = closes[i];
    c.high = std::max(c.open, c.close) * (1 + wick);
    c.low = std::min(c.open, c.close) * (1 - wick);
    c.volume = volume;
    c.quote_volume = volume * c.close;
    c.closed = true;
    result.push_back(c);
  }
  return result;
}

/// A snapshot of one symbol with these 1h bars, taken after the last one.
inline market_snapshot snapshot_of(std::vector<candle> bars,
                                   const std::string& symbol = "BTCUSDT") {
  market_snapshot snap;
  snap.ts = bars.empty() ? series_start() : bars.back().open_time + std::chrono::hours{1};
  symbol_snapshot sym;
  sym.symbol = symbol;
  sym.last_price = bars.empty() ? 0 : bars.back().close;
  sym.candles.push_back(candle_set{interval::h1, std::move(bars)});
  snap.symbols.push_back(std::move(sym));
  return snap;
}

/// A symbol's derivatives as the snapshot carries them: its funding rate
/// and open interest change, unknown where none.
inline derivatives_view derivatives_of(std::string symbol, caf::optional<double> funding,
                                       caf::optional<double> oi_change_pct = caf::none) {
  derivatives_view d;
  d.symbol = std::move(symbol);
  d.funding_rate = funding;
  d.open_interest_change_pct = oi_change_pct;
  return d;
}

} // namespace tn::test
