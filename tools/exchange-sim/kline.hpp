#pragma once

// Bars as the simulator keeps them: exact decimals, millisecond times.

#include "tools/exchange-sim/fixed.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn::sim {

/// One minute in milliseconds, the length of every stored bar.
inline constexpr int64_t minute_ms = 60'000;

/// One OHLCV bar. Decimal fields are at the scales of the series holding it.
struct kline {
  int64_t open_time = 0;  // ms
  int64_t close_time = 0; // ms, open_time + interval - 1
  units open = 0;
  units high = 0;
  units low = 0;
  units close = 0;
  units volume = 0;       // base asset
  units quote_volume = 0; // quote asset
  units taker_base = 0;
  units taker_quote = 0;
  int64_t trades = 0;
  int64_t first_trade_id = -1; // -1 for a bar without trades, as Binance sends it

  /// The id of the bar's last trade, -1 without trades.
  int64_t last_trade_id() const {
    return trades > 0 ? first_trade_id + trades - 1 : -1;
  }
};

/// Decimals per column kind: prices, base quantities, quote quantities.
struct scales {
  int price = 8;
  int qty = 8;
  int quote = 8;
};

/// One symbol's 1m bars in ascending open time, and the grids they lie on.
struct kline_series {
  std::string symbol; // exchange form, e.g. "BTCUSDT"
  scales scale;
  units tick = 1; // price grid, at scale.price
  units lot = 1;  // quantity grid, at scale.qty
  std::vector<kline> bars;
};

} // namespace tn::sim
