#pragma once

// A seeded synthetic market: a geometric random walk per symbol driven by a
// shared market factor, with calm and volatile regimes that switch at random.
// The same seed, symbols and start time give the same bars, byte for byte.

#include "tools/exchange-sim/kline.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// One synthetic symbol. Zero fields take defaults derived from the symbol.
struct synthetic_symbol {
  std::string symbol;
  double start_price = 0;
  units tick = 0; // at 8 decimals
  units lot = 0;  // at 8 decimals
};

/// Parses "BTCUSDT,ETHUSDT:3100.5" (an optional start price after ':').
bool parse_synthetic_symbols(std::string_view list, std::vector<synthetic_symbol>& out,
                             std::string& error);

/// The volatility regime of the whole market.
enum class regime { calm, volatile_ };

/// A small, portable generator (xoshiro256**): std's distributions differ
/// between standard libraries, and a seed must mean the same market anywhere.
class rng {
public:
  explicit rng(uint64_t seed);
  uint64_t next();
  double uniform(); // (0, 1]
  double normal();

private:
  std::array<uint64_t, 4> s_;
};

class synthetic_market {
public:
  /// `first_open` is the open time (ms, minute-aligned) of the first bar.
  synthetic_market(std::vector<synthetic_symbol> symbols, uint64_t seed, int64_t first_open);

  /// One empty series per symbol with its symbol, scales and grids.
  std::vector<kline_series> make_series() const;

  /// Appends the next `count` bars to each series made by make_series().
  void append(std::vector<kline_series>& series, size_t count);

  /// Moves every future bar by `offset_ms`.
  void shift(int64_t offset_ms);

  /// The open time of the next bar append() makes.
  int64_t next_open() const { return next_open_; }

  /// The regime the next bar starts in.
  regime current_regime() const { return regime_; }

private:
  struct walker {
    synthetic_symbol spec;
    rng gen;
    units last_close;
    double price;      // unrounded, so the walk is not biased by the tick
    double vol_scale;  // the symbol's volatility relative to the market's
    double quote_usd;  // value of one unit of the quote asset in USD
    double usd_per_minute;
    int64_t next_trade_id;
  };

  kline step(walker& w, const std::vector<double>& market_moves, double sigma);

  std::vector<walker> walkers_;
  rng market_;
  regime regime_ = regime::calm;
  int64_t next_open_;
};

} // namespace tn::sim
