#pragma once

// A symbol's quantity grid at the exchange, from its exchangeInfo: what the
// position tracker can sell of a position, so that dust below one step is
// known exactly instead of guessed.

#include "messages/money.hpp"

#include <caf/meta/type_name.hpp>

#include <string>

namespace tn {

/// LOT_SIZE and MARKET_LOT_SIZE of one symbol; a zero minimum or step
/// disables that part, as at Binance (spot's MARKET_LOT_SIZE is often 0/0).
struct lot_rule {
  std::string symbol;
  decimal min_qty;         // LOT_SIZE minQty
  decimal step;            // LOT_SIZE stepSize
  decimal market_min_qty;  // MARKET_LOT_SIZE minQty
  decimal market_step;     // MARKET_LOT_SIZE stepSize
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, lot_rule& x) {
  return f(caf::meta::type_name("lot_rule"), x.symbol, x.min_qty, x.step, x.market_min_qty,
           x.market_step);
}

} // namespace tn
