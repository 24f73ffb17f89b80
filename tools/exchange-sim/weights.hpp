#pragma once

// Request weight, as Binance counts it per IP: every REST request costs its
// weight within a fixed window of wall time; a request over the limit is
// answered 429 with Retry-After until the window ends, and a client that
// keeps sending during a 429's Retry-After is banned with 418 (bans double,
// from two minutes). Every reply states the weight used so far in
// X-MBX-USED-WEIGHT-<n><unit>. The simulator serves one client, so the
// count is global, not per IP.

#include "tools/exchange-sim/rest.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tn::sim {

struct weight_options {
  int limit = 6000;   // REQUEST_WEIGHT per window
  int window_s = 60;  // window length; 60 is Binance's 1 MINUTE
  int orders_10s = 0; // new orders per 10 s; 0: Binance's (50 spot, 300 futures)
};

/// The ORDERS limits per 10 s the simulator enforces.
int spot_orders_10s(const weight_options& opts);
int futures_orders_10s(const weight_options& opts);

/// The rateLimits array exchangeInfo serves: Binance's, with the
/// REQUEST_WEIGHT and ORDERS entries the simulator enforces.
std::string render_rate_limits(const weight_options& opts);

/// The same for the futures exchangeInfo (REQUEST_WEIGHT 2400 per minute,
/// ORDERS 1200 per minute and the 10 s limit).
std::string render_futures_rate_limits(const weight_options& opts);

/// The weight of a `method` request for `target` (path and query), as
/// Binance's docs state it.
int request_weight(std::string_view target, std::string_view method = "GET");

class request_weights {
public:
  explicit request_weights(const weight_options& opts) : opts_(opts) {
  }

  /// Counts a request of `weight` at `wall_ms`: the 418 or 429 reply that
  /// replaces it, if any.
  std::optional<http_reply> admit(int64_t wall_ms, int weight);

  /// An error reply sent for another reason (a fault) that told the client
  /// to wait `retry_after_s`: sending before then is a violation too.
  void note_retry_after(int64_t wall_ms, int retry_after_s);

  /// Adds the used-weight headers to `reply`.
  void stamp(http_reply& reply) const;

  /// Requests answered 429 because they went over the limit.
  uint64_t over_limit() const {
    return over_limit_;
  }

private:
  void roll(int64_t wall_ms);

  weight_options opts_;
  int64_t window_ = -1; // index of the current window
  int64_t used_ = 0;
  int64_t quiet_until_ = 0;  // a 429 asked the client to wait until then
  int64_t banned_until_ = 0;
  int64_t ban_ms_ = 0;
  uint64_t over_limit_ = 0;
};

/// Orders placed per account in fixed windows of wall time (10 s, 1 min,
/// 1 day), stated on every accepted order as Binance does:
/// X-MBX-ORDER-COUNT-10S and -1D on spot, -10S and -1M on futures. A new
/// order over the ORDERS limits (spot 10 s and 1 day, futures 10 s and
/// 1 min) is refused with HTTP 429 -1015 "Too many new orders; ..."
/// (no Retry-After) and not counted.
class order_counts {
public:
  explicit order_counts(const weight_options& opts = {}) : opts_(opts) {
  }

  /// The -1015 reply that refuses a new order at `wall_ms`, if a window is full.
  std::optional<http_reply> admit(int64_t wall_ms, bool futures) const;

  /// Counts an accepted order at `wall_ms`.
  void count(int64_t wall_ms);

  /// Adds the order-count headers to `reply`.
  void stamp(http_reply& reply, bool futures) const;

private:
  struct window {
    int64_t length_ms;
    int64_t index = -1;
    int64_t used = 0;
  };
  int64_t used_in(const window& w, int64_t wall_ms) const;

  weight_options opts_;
  window ten_s_{10'000};
  window minute_{60'000};
  window day_{86'400'000};
};

} // namespace tn::sim
