#include "actors/broker/binance_order_limits.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

namespace tn {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

/// After a -1015 new orders wait this long past the window's end by the
/// node's estimate of the exchange's clock, which may run early.
constexpr auto too_many_margin = std::chrono::milliseconds{1000};

int64_t index_of(timestamp now, timespan length) {
  return now.time_since_epoch() / length;
}

timestamp window_end(timestamp now, timespan length) {
  return timestamp{} + length * (index_of(now, length) + 1);
}

timespan unit_of_word(std::string_view word) {
  if (word == "SECOND")
    return seconds{1};
  if (word == "MINUTE")
    return minutes{1};
  if (word == "HOUR")
    return hours{1};
  if (word == "DAY")
    return hours{24};
  return {};
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size())
    return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(text[i])) != prefix[i])
      return false;
  return true;
}

std::string upper(std::string_view text) {
  std::string out{text};
  for (auto& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

} // namespace

std::string interval_suffix(timespan length) {
  auto secs = std::chrono::duration_cast<seconds>(length).count();
  if (secs > 0 && secs % 86400 == 0)
    return std::to_string(secs / 86400) + "D";
  if (secs > 0 && secs % 3600 == 0)
    return std::to_string(secs / 3600) + "H";
  if (secs > 0 && secs % 60 == 0)
    return std::to_string(secs / 60) + "M";
  return std::to_string(secs) + "S";
}

timespan interval_length(std::string_view suffix) {
  if (suffix.size() < 2)
    return {};
  int64_t n = 0;
  auto digits = suffix.substr(0, suffix.size() - 1);
  auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (err != std::errc{} || end != digits.data() + digits.size() || n <= 0)
    return {};
  switch (std::toupper(static_cast<unsigned char>(suffix.back()))) {
    case 'S':
      return seconds{n};
    case 'M':
      return minutes{n};
    case 'H':
      return hours{n};
    case 'D':
      return hours{24 * n};
    default:
      return {};
  }
}

order_rate_limits::window& order_rate_limits::slot(const std::string& interval) {
  for (auto& w : windows_)
    if (w.interval == interval)
      return w;
  window w;
  w.interval = interval;
  w.length = interval_length(interval);
  windows_.push_back(std::move(w));
  std::sort(windows_.begin(), windows_.end(),
            [](const window& a, const window& b) { return a.length < b.length; });
  for (auto& x : windows_)
    if (x.interval == interval)
      return x;
  return windows_.back(); // not reached
}

int64_t order_rate_limits::used_at(const window& w, timestamp now) const {
  return w.index == index_of(now, w.length) ? w.used : 0;
}

bool order_rate_limits::set_limits(std::string_view exchange_info) {
  simdjson::dom::parser parser;
  simdjson::dom::array limits;
  if (parser.parse(exchange_info.data(), exchange_info.size())["rateLimits"].get_array().get(
        limits))
    return false;
  bool any = false;
  for (auto entry : limits) {
    std::string_view type;
    std::string_view interval;
    int64_t num = 0;
    int64_t limit = 0;
    if (entry["rateLimitType"].get_string().get(type) || type != "ORDERS"
        || entry["interval"].get_string().get(interval) || entry["intervalNum"].get_int64().get(num)
        || entry["limit"].get_int64().get(limit) || num <= 0 || limit <= 0)
      continue;
    auto unit = unit_of_word(interval);
    if (unit == timespan{})
      continue;
    slot(interval_suffix(unit * num)).limit = limit;
    any = true;
  }
  return any;
}

void order_rate_limits::on_sent(timestamp now) {
  for (auto& w : windows_) {
    auto index = index_of(now, w.length);
    if (w.index != index) {
      w.index = index;
      w.used = 0;
    }
    ++w.used;
  }
}

void order_rate_limits::on_counts(timestamp now,
                                  const std::vector<std::pair<std::string, std::string>>& headers) {
  constexpr std::string_view prefix = "X-MBX-ORDER-COUNT-";
  for (auto& [name, value] : headers) {
    if (!starts_with_nocase(name, prefix))
      continue;
    int64_t n = 0;
    auto [end, err] = std::from_chars(value.data(), value.data() + value.size(), n);
    auto interval = upper(std::string_view{name}.substr(prefix.size()));
    if (value.empty() || err != std::errc{} || end != value.data() + value.size()
        || interval_length(interval) == timespan{})
      continue;
    // The count when the exchange took the order: orders sent since are
    // not in it, orders of another client of the account are.
    auto& w = slot(interval);
    auto index = index_of(now, w.length);
    w.used = w.index == index ? std::max(w.used, n) : n;
    w.index = index;
  }
}

timestamp order_rate_limits::on_too_many(timestamp now, std::string_view msg) {
  // "Too many new orders; current limit is 50 orders per 10 SECOND."
  timespan length{};
  constexpr std::string_view per = "orders per ";
  if (auto at = msg.find(per); at != std::string_view::npos) {
    auto rest = msg.substr(at + per.size());
    int64_t n = 0;
    auto [end, err] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
    if (err == std::errc{} && n > 0) {
      auto word = rest.substr(static_cast<size_t>(end - rest.data()));
      while (!word.empty() && word.front() == ' ')
        word.remove_prefix(1);
      auto stop = word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
      length = unit_of_word(word.substr(0, stop)) * n;
    }
  }
  if (length == timespan{})
    length = windows_.empty() ? seconds{10} : windows_.front().length;
  paused_until_ = std::max(paused_until_, window_end(now, length) + too_many_margin);
  // The exchange counts that window as full.
  auto& w = slot(interval_suffix(length));
  w.index = index_of(now, w.length);
  if (w.limit > 0)
    w.used = std::max(w.used, w.limit);
  return paused_until_;
}

timestamp order_rate_limits::ready_at(timestamp now) const {
  auto ready = std::max(now, paused_until_);
  for (auto& w : windows_)
    if (w.limit > 0 && used_at(w, now) >= w.limit)
      ready = std::max(ready, window_end(now, w.length));
  return ready;
}

std::string order_rate_limits::full_at(timestamp now) const {
  for (auto& w : windows_)
    if (w.limit > 0 && used_at(w, now) >= w.limit)
      return w.interval + " " + std::to_string(used_at(w, now)) + "/" + std::to_string(w.limit);
  return "";
}

std::string order_rate_limits::usage() const {
  std::string out;
  for (auto& w : windows_) {
    if (w.index < 0)
      continue;
    out += (out.empty() ? "" : " ") + w.interval + "=" + std::to_string(w.used);
    if (w.limit > 0)
      out += "/" + std::to_string(w.limit);
  }
  return out;
}

} // namespace tn
