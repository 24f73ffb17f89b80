#pragma once

// The exchange's REST request weight, as one client sees it: the limit per
// window (from exchangeInfo's rateLimits), the weight used in the current
// window (the exchange reports it in X-MBX-USED-WEIGHT-<n><unit> on every
// answer), and the pause a 429 or 418 asks for (Retry-After, or the "IP
// banned until" time of a 418). Free of I/O and clocks: `now` is an
// argument of every call.

#include "messages/fwd.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tn {

/// REQUEST_WEIGHT from an exchangeInfo body's rateLimits.
struct weight_limit {
  int64_t limit = 1200; // conservative until exchangeInfo said more
  timespan window = std::chrono::minutes{1};
};

/// The REQUEST_WEIGHT entry of an exchangeInfo body; false if absent.
bool parse_weight_limit(std::string_view body, weight_limit& out);

/// The header that reports the weight used in `window`: X-MBX-USED-WEIGHT-1M
/// for a minute, -10S for ten seconds.
std::string used_weight_header(timespan window);

/// The end of a 418 ban from its body ("... IP banned until 1659146400000.
/// ..."), if stated.
std::optional<timestamp> banned_until(std::string_view body);

class weight_budget {
public:
  void set_limit(weight_limit limit) {
    limit_ = limit;
  }

  const weight_limit& limit() const {
    return limit_;
  }

  /// When a request of `weight` may go out: `now`, the end of a pause, or
  /// the start of the next window.
  timestamp ready_at(timestamp now, int64_t weight);

  /// A request of `weight` went out at `now`.
  void on_sent(timestamp now, int64_t weight);

  /// An answer at `now`: the used weight it reported (if any), and for a
  /// 429/418 the wait it asked for and the end of a ban.
  void on_answer(timestamp now, std::optional<int64_t> used, int status, timespan retry_after,
                 std::optional<timestamp> ban_end);

  /// Nothing goes out before this.
  timestamp paused_until() const {
    return paused_until_;
  }

private:
  void roll(timestamp now);
  timestamp window_start(timestamp now) const;

  weight_limit limit_;
  timestamp window_{};        // start of the window `used_` counts
  int64_t used_ = 0;
  timestamp paused_until_{};
};

} // namespace tn
