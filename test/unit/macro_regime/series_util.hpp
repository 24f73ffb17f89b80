#pragma once

// Hand-made monthly series for the macro regime tests.

#include "actors/macro_regime/fred_series.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace tn::test {

/// UTC midnight of a YYYY-MM-DD the test writes.
inline timestamp day(const std::string& text) {
  timestamp t;
  INFO(text);
  REQUIRE(parse_iso_date(text, t));
  return t;
}

/// The first day of the month `i` months after January 2015.
inline timestamp month(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", 2015 + i / 12, 1 + i % 12);
  return day(buf);
}

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

/// Levels whose year-over-year change in month i (from month 12 on) is
/// yoy(i) percent; the first year is flat at 100.
inline std::vector<observation> levels_with_yoy(int months, std::function<double(int)> yoy) {
  std::vector<observation> out;
  for (int i = 0; i < months; ++i) {
    double v = i < 12 ? 100.0 : out[i - 12].value * (1 + yoy(i) / 100);
    out.push_back({month(i), v});
  }
  return out;
}

/// The length of the tests' series, and year-over-year changes that rise
/// and fall steadily over it: a growth or inflation above or below its own
/// moving average.
constexpr int months = 36;
inline double up(int i) {
  return 1.0 + 0.1 * i;
}
inline double down(int i) {
  return 8.0 - 0.1 * i;
}

/// Percent values as they are (for the `level` measure).
inline std::vector<observation> values(const std::vector<double>& xs) {
  std::vector<observation> out;
  for (size_t i = 0; i < xs.size(); ++i)
    out.push_back({month(static_cast<int>(i)), xs[i]});
  return out;
}

} // namespace tn::test
