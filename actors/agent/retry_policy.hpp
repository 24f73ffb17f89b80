#pragma once

// When to resend a model request, as the official Anthropic SDKs do it
// (PROTOCOLS.md): retry 408, 409, 429, >= 500 and transport failures, or as
// x-should-retry says; wait what retry-after-ms, then retry-after (seconds
// or an HTTP date), asks when that is within (0, 60] s; otherwise back off
// 0.5 s x 2^n capped at 8 s, shortened by up to 25 % of jitter. Never
// resend any other 4xx. Pure: time and randomness come in as arguments.

#include "messages/fwd.hpp"

#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace tn {

struct retry_config {
  int max_retries = 2;
  timespan initial_delay = std::chrono::milliseconds{500};
  timespan max_delay = std::chrono::seconds{8};
  /// A server's wait is honoured up to this; a longer one means "back off".
  timespan max_retry_after = std::chrono::seconds{60};
  /// The backoff is multiplied by a factor in (1 - jitter, 1].
  double jitter = 0.25;
};

/// An empty string if the config is usable, else why not.
std::string check(const retry_config& cfg);

/// The parts of a failed attempt the policy looks at. Header values are
/// given as received; absent headers are nullopt.
struct attempt_outcome {
  int status = 0; // HTTP status; 0 when no response arrived (connect, TLS, timeout)
  std::optional<std::string> retry_after_ms;
  std::optional<std::string> retry_after;
  std::optional<std::string> should_retry; // x-should-retry: "true" | "false"
};

struct retry_decision {
  bool retry = false;
  timespan delay{};
  std::string why; // for the log: the rule that applied
};

/// Whether to retry after `retries_done` retries (0 after the first
/// attempt) failed with `outcome`, and after how long. `now` is needed only
/// to turn an HTTP date into a wait.
retry_decision decide_retry(const retry_config& cfg, int retries_done,
                            const attempt_outcome& outcome, timestamp now, std::mt19937_64& rng);

/// True for statuses worth resending when no x-should-retry header says.
bool retryable_status(int status);

/// The server's requested wait, from retry-after-ms, then retry-after as
/// (fractional) seconds or an HTTP date relative to `now`. nullopt if
/// absent or unreadable; may be negative or huge (the caller bounds it).
std::optional<timespan> requested_wait(const attempt_outcome& outcome, timestamp now);

/// Parses an HTTP date in any of RFC 9110's three forms (IMF-fixdate,
/// RFC 850, asctime), all in GMT.
std::optional<timestamp> parse_http_date(std::string_view text);

} // namespace tn
