#include "actors/regime/kline_file.hpp"

#include "actors/market_listener/decimal.hpp"
#include "actors/market_listener/rest_klines.hpp"
#include "runtime/time_format.hpp"

#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>

namespace tn {

namespace {

using namespace std::chrono;

// Epoch values this large are microseconds (1e14 ms is the year 5138).
constexpr int64_t micros_threshold = 100'000'000'000'000;

bool parse_int(std::string_view text, int64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size() && !text.empty();
}

timestamp from_epoch(int64_t t) {
  return t >= micros_threshold ? timestamp{microseconds{t}} : from_unix_ms(t);
}

std::string day_text(timestamp t) {
  return format_timestamp_seconds(t).substr(0, 10);
}

/// Checks that every bar opens at a UTC midnight one day after the previous.
bool check_days(const std::vector<daily_close>& closes, std::string& error) {
  for (size_t i = 0; i < closes.size(); ++i) {
    auto day = closes[i].day;
    if (day.time_since_epoch() % hours{24} != timespan::zero()) {
      error = "bar " + std::to_string(i + 1) + " opens at " + format_timestamp_seconds(day)
              + ", not at a UTC midnight: not a daily kline";
      return false;
    }
    if (i == 0)
      continue;
    auto prev = closes[i - 1].day;
    if (day <= prev) {
      error = "bar " + std::to_string(i + 1) + " (" + day_text(day)
              + ") does not open after the previous one";
      return false;
    }
    if (day - prev != hours{24}) {
      error = "no bar between " + day_text(prev) + " and " + day_text(day)
              + ": the daily series has a gap";
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  size_t from = 0;
  for (;;) {
    auto at = line.find(sep, from);
    out.push_back(line.substr(from, at == std::string_view::npos ? at : at - from));
    if (at == std::string_view::npos)
      return out;
    from = at + 1;
  }
}

bool parse_csv(std::string_view text, daily_file& out, std::string& error) {
  out.format = "csv";
  size_t row = 0;
  size_t from = 0;
  while (from < text.size()) {
    auto end = text.find('\n', from);
    auto line = text.substr(from, end == std::string_view::npos ? end : end - from);
    from = end == std::string_view::npos ? text.size() : end + 1;
    ++row;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty() || (row == 1 && line.rfind("open_time", 0) == 0))
      continue;
    auto f = split(line, ',');
    int64_t open = 0;
    int64_t close_time = 0;
    double close = 0;
    if (f.size() < 7 || !parse_int(f[0], open) || !parse_decimal(f[4], close)
        || !parse_int(f[6], close_time)) {
      error = "line " + std::to_string(row) + ": not a Binance kline row";
      return false;
    }
    auto length = from_epoch(close_time) - from_epoch(open);
    if (length != hours{24} - milliseconds{1} && length != hours{24} - microseconds{1}) {
      error = "line " + std::to_string(row) + ": not a daily kline (close time - open time is "
              + std::to_string(duration_cast<milliseconds>(length).count()) + " ms)";
      return false;
    }
    out.closes.push_back({from_epoch(open), close});
  }
  return check_days(out.closes, error);
}

bool parse_json(std::string_view text, daily_file& out, std::string& error) {
  out.format = "rest-json";
  std::vector<candle> bars;
  if (!parse_klines(text, "", interval::d1, timestamp::max(), bars, error))
    return false;
  if (!bars.empty()) {
    bars.pop_back();
    out.dropped_last = true;
  }
  for (auto& bar : bars)
    out.closes.push_back({bar.open_time, bar.close});
  return check_days(out.closes, error);
}

} // namespace

bool parse_daily_klines(std::string_view text, daily_file& out, std::string& error) {
  out = daily_file{};
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[')
    return parse_json(text, out, error);
  return parse_csv(text, out, error);
}

bool read_daily_klines(const std::string& path, daily_file& out, std::string& error) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (!parse_daily_klines(ss.str(), out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

} // namespace tn
