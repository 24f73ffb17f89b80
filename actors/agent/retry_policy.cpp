#include "actors/agent/retry_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace tn {

using namespace std::chrono;

std::string check(const retry_config& cfg) {
  if (cfg.max_retries < 0)
    return "max_retries must not be negative";
  if (cfg.initial_delay <= timespan{} || cfg.max_delay < cfg.initial_delay)
    return "need 0 < initial_delay <= max_delay";
  if (cfg.max_retry_after < timespan{})
    return "max_retry_after must not be negative";
  if (!(cfg.jitter >= 0 && cfg.jitter < 1))
    return "jitter must be in [0, 1)";
  return {};
}

bool retryable_status(int status) {
  return status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

// A finite decimal number, nothing else around it.
std::optional<double> number(std::string_view text) {
  auto s = std::string{trim(text)};
  if (s.empty())
    return std::nullopt;
  char* end = nullptr;
  double x = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(x))
    return std::nullopt;
  return x;
}

std::optional<timespan> from_seconds(double s) {
  // Beyond a year the value is nonsense; saturating keeps the arithmetic safe.
  s = std::clamp(s, -3.2e7, 3.2e7);
  return duration_cast<timespan>(duration<double>{s});
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Reads the next run of digits or letters, skipping separators before it.
class scanner {
public:
  explicit scanner(std::string_view s) : s_(s) {
  }
  std::string_view word() {
    skip();
    auto start = pos_;
    while (pos_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[pos_])))
      ++pos_;
    return s_.substr(start, pos_ - start);
  }
  bool number(int& out, size_t min_digits, size_t max_digits) {
    skip();
    auto start = pos_;
    out = 0;
    while (pos_ < s_.size() && pos_ - start < max_digits
           && std::isdigit(static_cast<unsigned char>(s_[pos_])))
      out = out * 10 + (s_[pos_++] - '0');
    return pos_ - start >= min_digits;
  }
  bool at_end() {
    skip();
    return pos_ == s_.size();
  }

private:
  void skip() {
    while (pos_ < s_.size() && std::string_view{" ,-:"}.find(s_[pos_]) != std::string_view::npos)
      ++pos_;
  }
  std::string_view s_;
  size_t pos_ = 0;
};

} // namespace

std::optional<timestamp> parse_http_date(std::string_view text) {
  scanner in{trim(text)};
  auto weekday = in.word();
  if (weekday.size() < 3)
    return std::nullopt;
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  std::string_view month;
  bool asctime = false;
  if (in.number(day, 1, 2)) { // IMF-fixdate "06 Nov 1994" or RFC 850 "06-Nov-94"
    month = in.word();
    if (!in.number(year, 2, 4))
      return std::nullopt;
  } else { // asctime "Nov  6 08:49:37 1994"
    asctime = true;
    month = in.word();
    if (!in.number(day, 1, 2))
      return std::nullopt;
  }
  if (!in.number(hh, 2, 2) || !in.number(mm, 2, 2) || !in.number(ss, 2, 2))
    return std::nullopt;
  if (asctime) {
    if (!in.number(year, 4, 4))
      return std::nullopt;
  } else if (in.word() != "GMT") {
    return std::nullopt;
  }
  if (!in.at_end())
    return std::nullopt;
  if (year < 100) // RFC 850's two digits: the century within 50 years ahead
    year += year < 70 ? 2000 : 1900;
  auto m = std::find(months.begin(), months.end(), month) - months.begin();
  if (m == 12 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
    return std::nullopt;
  auto days = days_from_civil(year, static_cast<unsigned>(m + 1), static_cast<unsigned>(day));
  return timestamp{seconds{days * 86400 + hh * 3600 + mm * 60 + ss}};
}

std::optional<timespan> requested_wait(const attempt_outcome& outcome, timestamp now) {
  if (outcome.retry_after_ms)
    if (auto ms = number(*outcome.retry_after_ms))
      return from_seconds(*ms / 1000);
  if (!outcome.retry_after)
    return std::nullopt;
  if (auto s = number(*outcome.retry_after))
    return from_seconds(*s);
  if (auto at = parse_http_date(*outcome.retry_after))
    return *at - now;
  return std::nullopt;
}

retry_decision decide_retry(const retry_config& cfg, int retries_done,
                            const attempt_outcome& outcome, timestamp now,
                            std::mt19937_64& rng) {
  retry_decision out;
  auto what = outcome.status == 0 ? std::string{"no response"}
                                  : fmt::format("HTTP {}", outcome.status);
  if (retries_done >= cfg.max_retries) {
    out.why = fmt::format("{}: {} retries done, giving up", what, retries_done);
    return out;
  }
  if (outcome.should_retry && *outcome.should_retry == "false") {
    out.why = what + ": x-should-retry false";
    return out;
  }
  bool forced = outcome.should_retry && *outcome.should_retry == "true";
  if (!forced && !retryable_status(outcome.status)) {
    out.why = what + ": not retryable";
    return out;
  }
  out.retry = true;
  if (auto wait = requested_wait(outcome, now);
      wait && *wait > timespan{} && *wait <= cfg.max_retry_after) {
    out.delay = *wait;
    out.why = fmt::format("{}: retry {} after the server's {} ms", what, retries_done + 1,
                          duration_cast<milliseconds>(*wait).count());
    return out;
  }
  auto backoff = cfg.initial_delay;
  for (int i = 0; i < retries_done && backoff < cfg.max_delay; ++i)
    backoff *= 2;
  backoff = std::min(backoff, cfg.max_delay);
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  auto factor = 1.0 - cfg.jitter * unit(rng);
  out.delay = duration_cast<timespan>(duration<double, std::nano>{backoff.count() * factor});
  out.why = fmt::format("{}: retry {} after a {} ms backoff", what, retries_done + 1,
                        duration_cast<milliseconds>(out.delay).count());
  return out;
}

} // namespace tn
