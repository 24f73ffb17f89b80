#pragma once

// Calendar dates to days since the Unix epoch, for the readers of dates
// written in files and configs. Pure.

#include <cstdint>

namespace tn {

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// days_from_civil); `m` 1..12, `d` 1..31.
inline int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

} // namespace tn
