#pragma once

// The exchange's limits as the broker's signed traffic meets them: the
// request weight it reports (X-MBX-USED-WEIGHT-*), the order counts
// (X-MBX-ORDER-COUNT-*) against the ORDERS limits, the pause a 429 or 418
// asks for (everything waits), and the one a -1015 "Too many new orders"
// asks for (only new orders wait). The exchange's wall time (it counts in
// its wall-clock windows) comes in as an argument.

#include "actors/broker/binance_order_limits.hpp"
#include "actors/market_listener/weight_budget.hpp"

#include <cstdint>
#include <string>

namespace tn::net {
struct http_response;
} // namespace tn::net

namespace tn {

class binance_limits {
public:
  /// REQUEST_WEIGHT and ORDERS from an exchangeInfo body, if it states them.
  void set_limits(std::string_view exchange_info);

  /// A request of `weight` went out at `now`.
  void on_sent(timestamp now, int64_t weight);

  /// An answer at `now`.
  void on_answer(timestamp now, const net::http_response& res);

  /// When signed traffic may go out again: `now` if it may now.
  timestamp ready_at(timestamp now, int64_t weight = 1);

  /// A new order went out at `now`.
  void on_order_sent(timestamp now) {
    orders_.on_sent(now);
  }

  /// When a new order may go out: `now`, or when the order count's window
  /// or a -1015 pause ends.
  timestamp order_ready_at(timestamp now) const {
    return orders_.ready_at(now);
  }

  const order_rate_limits& orders() const {
    return orders_;
  }

  /// The last reported counts: "weight 12/6000 per 1m; orders 10S=1 1D=3".
  std::string usage() const;

private:
  weight_budget budget_;
  std::optional<int64_t> used_;
  order_rate_limits orders_;
};

/// The request weight of a call (Binance's tables for the calls the broker
/// makes; unknown paths count 1).
int64_t call_weight(std::string_view method, std::string_view path);

} // namespace tn
