#include "actors/market_replay/backtest_config.hpp"

#include "runtime/civil_date.hpp"

#include <cstdio>

namespace tn {

namespace {

bool digits(const std::string& s, size_t pos, size_t n, unsigned& out) {
  if (pos + n > s.size())
    return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

} // namespace

bool parse_utc_time(const std::string& text, timestamp& out) {
  auto s = text;
  if (!s.empty() && s.back() == 'Z')
    s.pop_back();
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-'
      || !digits(s, 8, 2, d))
    return false;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':'
        || !digits(s, 14, 2, mi))
      return false;
    if (s.size() > 16 && (s.size() != 19 || s[16] != ':' || !digits(s, 17, 2, sec)))
      return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
    return false;
  auto days = days_from_civil(y, mo, d);
  out = timestamp{std::chrono::duration_cast<timespan>(
    std::chrono::seconds{days * 86400 + h * 3600 + mi * 60 + sec})};
  return true;
}

std::string backtest_config::validate() const {
  if (from != timestamp{} && to != timestamp{} && to <= from)
    return "backtest.to: must be after backtest.from";
  if (out.empty())
    return "backtest.out: must name a directory";
  return {};
}

} // namespace tn
