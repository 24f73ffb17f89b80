#pragma once

// The order filters of a symbol's exchangeInfo entry, checked as Binance
// checks them before an order reaches the matching engine (-1013). Every
// value is at 8 decimals, the scale of the order path.

#include "tools/exchange-sim/exchange_info.hpp"

#include <optional>
#include <string>

namespace tn::sim {

/// One grid rule: min, max and step; a zero switches that part off.
struct grid_rule {
  units min = 0;
  units max = 0;
  units step = 0;
};

struct order_filters {
  std::optional<grid_rule> price;       // PRICE_FILTER
  std::optional<grid_rule> lot;         // LOT_SIZE
  std::optional<grid_rule> market_lot;  // MARKET_LOT_SIZE
  units min_notional = 0;               // NOTIONAL, or the older MIN_NOTIONAL
  units max_notional = 0;               // NOTIONAL
  bool min_to_market = true;
  bool max_to_market = false;
  std::string notional_filter = "NOTIONAL"; // the name a failure quotes
};

/// The filters stated in `rules.entry`.
order_filters read_filters(const symbol_rules& rules);

/// What an order asks for, at 8 decimals; `price` is the expected fill price
/// for MARKET orders (the notional check uses it).
struct order_shape {
  bool market = false;
  units price = 0;      // limit price, 0 for MARKET
  units stop_price = 0; // 0 if none
  units qty = 0;
  units notional_price = 0;
};

/// The failing filter's name ("PRICE_FILTER", "LOT_SIZE", ...), or nullopt.
std::optional<std::string> failed_filter(const order_filters& f, const order_shape& o);

} // namespace tn::sim
