#include "runtime/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace tn {

std::string format_timestamp(timestamp t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  // Floor towards minus infinity so times before 1970 keep a positive
  // millisecond part.
  auto secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  auto frac = ms - secs * 1000;
  auto tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(frac));
  return buf;
}

std::string format_timestamp_seconds(timestamp t) {
  auto text = format_timestamp(t);
  return text.substr(0, text.size() - 5) + "Z";
}

} // namespace tn
