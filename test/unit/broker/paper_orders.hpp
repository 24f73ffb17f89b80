#pragma once

// The orders the paper broker's tests place.

#include "messages/order.hpp"
#include "test/unit/money/decimal_text.hpp"

#include <string>

namespace tn::test {

/// A MARKET BUY of `qty` BTCUSDT under the client id `id`, sent at `ts`.
inline order_request market_buy(const std::string& id, const char* qty, timestamp ts) {
  order_request x;
  x.client_id = id;
  x.symbol = "BTCUSDT";
  x.side = order_side::buy;
  x.type = order_type::market;
  x.quantity = dec(qty);
  x.ts = ts;
  return x;
}

} // namespace tn::test
