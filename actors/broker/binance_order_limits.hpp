#pragma once

// The exchange's ORDERS rate limits for the account: new orders counted in
// fixed windows of the exchange's clock (10 s and 1 day on spot, 10 s and
// 1 min on futures), as exchangeInfo states them and every accepted order's
// X-MBX-ORDER-COUNT-<n><unit> header reports them, and the pause a -1015
// "Too many new orders" asks for. A window starts at a multiple of its
// length since the epoch ("a 1 MINUTE interval starts every minute").
// Pure: the exchange's time comes in as an argument.

#include "messages/fwd.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tn {

class order_rate_limits {
public:
  /// One counted window.
  struct window {
    std::string interval; // header suffix: "10S", "1M", "1D"
    timespan length{};
    int64_t limit = 0;    // 0: not stated by exchangeInfo, counted only
    int64_t index = -1;   // which window `used` counts (time since epoch / length)
    int64_t used = 0;
  };

  /// The ORDERS entries of an exchangeInfo body; false if it states none.
  bool set_limits(std::string_view exchange_info);

  /// A new order went out at `now`: counted until the exchange reports.
  void on_sent(timestamp now);

  /// The X-MBX-ORDER-COUNT-* headers of an answer at `now`: the larger of
  /// the exchange's count and the node's in the same window (orders sent
  /// after it are not in the exchange's, another client's orders are).
  void on_counts(timestamp now, const std::vector<std::pair<std::string, std::string>>& headers);

  /// A -1015 answer at `now` with the exchange's message: new orders wait
  /// until the window it names ("... orders per 10 SECOND.") ends, else the
  /// shortest window, and a second more (the node only estimates the
  /// exchange's clock). Returns that time.
  timestamp on_too_many(timestamp now, std::string_view msg);

  /// When a new order may go out: `now`, or the end of the pause or of the
  /// window whose count reached its limit.
  timestamp ready_at(timestamp now) const;

  /// The window that holds orders back at `now` ("10S 50/50"), or "".
  std::string full_at(timestamp now) const;

  /// "10S=3/50 1D=7/160000" (counts without a known limit: "10S=3").
  std::string usage() const;

  const std::vector<window>& windows() const {
    return windows_;
  }

private:
  window& slot(const std::string& interval);
  int64_t used_at(const window& w, timestamp now) const;

  std::vector<window> windows_;
  timestamp paused_until_{};
};

/// "10S" for ten seconds, "1M" a minute, "2H", "1D": Binance's suffix of
/// the header that counts in a window of `length`.
std::string interval_suffix(timespan length);

/// The length a header suffix names ("10S" -> 10 s); zero if none.
timespan interval_length(std::string_view suffix);

} // namespace tn
