#pragma once

// Fault injection: what a flaky exchange does to its clients, counted
// deterministically so a test knows which message breaks.

#include "tools/exchange-sim/rest.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// Every `every`-th REST request fails with HTTP `status`.
struct http_fault {
  int status = 0; // 418, 429, 500 or 503
  int every = 1;
};

/// Parses "CODE[:N]" (--http-error); false with a reason.
bool parse_http_fault(std::string_view text, http_fault& out, std::string& error);

/// What happens to an order request (POST /api/v3/order, /fapi/v1/order,
/// /fapi/v1/algoOrder) that a fault picks.
enum class order_fault_kind {
  reject,       // refused before execution: -2010 "Market is closed."
  drop,         // executed, then the connection closes without an answer
  server_error, // executed, then 503 -1007 "... execution status unknown."
  too_many,     // not executed: 429 -1003 with Retry-After
  banned,       // not executed: 418 -1003 with Retry-After
};

/// Every `every`-th order request gets fault `kind`.
struct order_fault {
  order_fault_kind kind = order_fault_kind::reject;
  int every = 1;
};

/// Parses "reject|drop|5xx|429|418[:N]" (--order-fault, and the admin
/// endpoint's kinds without ":N"); false with a reason.
bool parse_order_fault(std::string_view text, order_fault& out, std::string& error);

struct fault_options {
  int drop_every = 0;      // drop the connection after every N-th pushed message
  int malformed_every = 0; // every N-th pushed message is malformed
  int delay_ms = 0;        // added to every REST reply and pushed message
  int retry_after_s = 1;   // Retry-After of 429 and 418 replies
  std::vector<http_fault> http_errors;
  std::vector<order_fault> order_faults;
};

/// What to do with one pushed message.
struct push_outcome {
  std::string text;
  bool drop_after = false; // close the TCP connection abruptly after sending
};

/// The faults of one WebSocket connection; counts only pushed events, not
/// replies to control frames.
class stream_faults {
public:
  explicit stream_faults(const fault_options& opts) : opts_(opts) {}

  push_outcome next(std::string text);

private:
  const fault_options& opts_;
  uint64_t sent_ = 0;
  uint64_t malformed_ = 0;
};

/// The malformation number `n` (cycling): invalid JSON, truncated JSON, or
/// the event without its "c" (close price) field.
std::string malform(std::string_view text, uint64_t n);

/// The faults of the REST endpoint, shared by every request.
class http_faults {
public:
  explicit http_faults(const fault_options& opts) : opts_(opts) {}

  /// The error reply replacing request number n (counted from 1), if any.
  std::optional<http_reply> next(int64_t wall_ms);

private:
  const fault_options& opts_;
  uint64_t requests_ = 0;
};

/// The faults of order requests: every N-th one (--order-fault), and the
/// next one whenever a test arms it (POST /sim/fault?next=KIND).
class order_faults {
public:
  explicit order_faults(const fault_options& opts) : opts_(opts) {}

  /// The next order request gets `kind`, before the counted faults.
  void arm(order_fault_kind kind) { armed_.push_back(kind); }

  /// The fault of order request number n (counted from 1), if any.
  std::optional<order_fault_kind> next();

private:
  const fault_options& opts_;
  std::vector<order_fault_kind> armed_;
  uint64_t orders_ = 0;
};

/// The reply a fault sends instead of (reject, too_many, banned) or after
/// (server_error) executing the order.
http_reply order_fault_reply(order_fault_kind kind, int64_t wall_ms, int retry_after_s);

} // namespace tn::sim
