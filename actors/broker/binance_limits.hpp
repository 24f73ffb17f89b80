#pragma once

// The exchange's limits as the broker's signed traffic meets them: the
// request weight it reports (X-MBX-USED-WEIGHT-*), the order counts
// (X-MBX-ORDER-COUNT-*), and the pause a 429 or 418 asks for. Wall time
// (the exchange counts in its wall-clock windows) comes in as an argument.

#include "actors/market_listener/weight_budget.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace tn::net {
struct http_response;
} // namespace tn::net

namespace tn {

class binance_limits {
public:
  /// REQUEST_WEIGHT from an exchangeInfo body, if it states it.
  void set_limits(std::string_view exchange_info);

  /// A request of `weight` went out at `now`.
  void on_sent(timestamp now, int64_t weight);

  /// An answer at `now`.
  void on_answer(timestamp now, const net::http_response& res);

  /// When signed traffic may go out again: `now` if it may now.
  timestamp ready_at(timestamp now, int64_t weight = 1);

  /// The last reported counts: "weight 12/6000 per 1m; orders 10S=1 1D=3".
  std::string usage() const;

private:
  weight_budget budget_;
  std::optional<int64_t> used_;
  std::map<std::string, int64_t> orders_; // per interval ("10S", "1D")
};

/// The request weight of a call (Binance's tables for the calls the broker
/// makes; unknown paths count 1).
int64_t call_weight(std::string_view method, std::string_view path);

} // namespace tn
