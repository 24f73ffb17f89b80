#pragma once

// /api/v3/exchangeInfo: the rules of every served symbol, taken verbatim from
// a saved exchangeInfo body when it lists the symbol, else generated from
// the symbol's data (its price and quantity grids).

#include "tools/exchange-sim/kline.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// One symbol's exchangeInfo entry and the grids it states.
struct symbol_rules {
  std::string symbol;
  std::string entry; // the compact JSON object
  units tick = 0;    // PRICE_FILTER tickSize at 8 decimals, 0 if absent
  units lot = 0;     // LOT_SIZE stepSize at 8 decimals, 0 if absent
};

/// A saved exchangeInfo body's symbols named in `wanted` (in `wanted`'s
/// order; absent ones are skipped) and its rateLimits array (compact JSON).
bool read_symbol_rules(std::string_view json, const std::vector<std::string>& wanted,
                       std::vector<symbol_rules>& out, std::string& rate_limits,
                       std::string& error);

/// A plausible entry for a series: TRADING, its grids as PRICE_FILTER and
/// LOT_SIZE, a NOTIONAL filter worth about 5 USD in its quote asset.
symbol_rules generated_rules(const kline_series& series);

/// True if the series' prices lie on the entry's tick grid: a saved entry
/// from another time or market may state a coarser tick than the data has,
/// and then it must not be served for that data. Volumes are not checked:
/// they sum trades, and the odd one is off the LOT_SIZE grid in real data.
bool rules_fit(const symbol_rules& rules, const kline_series& series);

class exchange_info {
public:
  /// `rate_limits` empty: the limits Binance published with the saved body.
  exchange_info(std::vector<symbol_rules> symbols, std::string rate_limits = {});

  const symbol_rules* find(std::string_view symbol) const;

  const std::vector<symbol_rules>& symbols() const { return symbols_; }
  const std::string& rate_limits() const { return rate_limits_; }

  /// The body listing `only` (every symbol when `only` is empty).
  std::string render(int64_t server_time, const std::vector<const symbol_rules*>& only) const;

private:
  std::vector<symbol_rules> symbols_;
  std::string rate_limits_;
};

} // namespace tn::sim
