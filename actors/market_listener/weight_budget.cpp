#include "actors/market_listener/weight_budget.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>

namespace tn {

namespace {

// Only this share of the limit is used: our clock and the exchange's may
// disagree on where a window starts.
constexpr int64_t usable_percent = 90;

std::optional<timespan> unit_of(std::string_view interval) {
  using namespace std::chrono;
  if (interval == "SECOND")
    return seconds{1};
  if (interval == "MINUTE")
    return minutes{1};
  if (interval == "HOUR")
    return hours{1};
  if (interval == "DAY")
    return hours{24};
  return std::nullopt;
}

} // namespace

bool parse_weight_limit(std::string_view body, weight_limit& out) {
  simdjson::dom::parser parser;
  simdjson::dom::array limits;
  if (parser.parse(body.data(), body.size())["rateLimits"].get_array().get(limits))
    return false;
  for (auto entry : limits) {
    std::string_view type;
    std::string_view interval;
    int64_t num = 0;
    int64_t limit = 0;
    if (entry["rateLimitType"].get_string().get(type) || type != "REQUEST_WEIGHT"
        || entry["interval"].get_string().get(interval) || entry["intervalNum"].get_int64().get(num)
        || entry["limit"].get_int64().get(limit) || num <= 0 || limit <= 0)
      continue;
    auto unit = unit_of(interval);
    if (!unit)
      continue;
    out.limit = limit;
    out.window = *unit * num;
    return true;
  }
  return false;
}

std::string used_weight_header(timespan window) {
  using namespace std::chrono;
  auto secs = duration_cast<seconds>(window).count();
  std::string suffix;
  if (secs % 86400 == 0)
    suffix = std::to_string(secs / 86400) + "D";
  else if (secs % 3600 == 0)
    suffix = std::to_string(secs / 3600) + "H";
  else if (secs % 60 == 0)
    suffix = std::to_string(secs / 60) + "M";
  else
    suffix = std::to_string(secs) + "S";
  return "X-MBX-USED-WEIGHT-" + suffix;
}

std::optional<timestamp> banned_until(std::string_view body) {
  constexpr std::string_view marker = "banned until ";
  auto at = body.find(marker);
  if (at == std::string_view::npos)
    return std::nullopt;
  auto digits = body.substr(at + marker.size());
  int64_t ms = 0;
  auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
  if (err != std::errc{} || end == digits.data() || ms <= 0)
    return std::nullopt;
  return from_unix_ms(ms);
}

timestamp weight_budget::window_start(timestamp now) const {
  auto since_epoch = now.time_since_epoch();
  return timestamp{since_epoch - since_epoch % limit_.window};
}

void weight_budget::roll(timestamp now) {
  auto start = window_start(now);
  if (start > window_) {
    window_ = start;
    used_ = 0;
  }
}

timestamp weight_budget::ready_at(timestamp now, int64_t weight) {
  if (now < paused_until_)
    return paused_until_;
  roll(now);
  if (used_ + weight <= limit_.limit * usable_percent / 100)
    return now;
  return window_ + limit_.window;
}

void weight_budget::on_sent(timestamp now, int64_t weight) {
  roll(now);
  used_ += weight;
}

void weight_budget::on_answer(timestamp now, std::optional<int64_t> used, int status,
                              timespan retry_after, std::optional<timestamp> ban_end) {
  roll(now);
  // The exchange's count is the truth; ours only fills the gaps between answers.
  if (used)
    used_ = *used;
  if (status != 429 && status != 418)
    return;
  auto until = retry_after > timespan::zero() ? now + retry_after : window_ + limit_.window;
  if (ban_end)
    until = std::max(until, *ban_end);
  paused_until_ = std::max(paused_until_, until);
}

} // namespace tn
