#pragma once

// The growth x inflation quadrant. Each indicator (growth: industrial
// production YoY, or a series already in percent such as real GDP growth;
// inflation: CPI YoY) is compared with its own moving average over the last
// `window` readings: above it is rising, below it falling. Growth rising
// with inflation falling is goldilocks, both rising reflation, growth
// falling with inflation rising stagflation, both falling deflation. Data
// missing, too short, too old or exactly on its average gives "unknown",
// with the reason.

#include "actors/macro_regime/fred_series.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tn {

enum class macro_trend : uint8_t { unknown = 0, rising, falling, flat };

enum class macro_quadrant : uint8_t { unknown = 0, goldilocks, reflation, stagflation, deflation };

const char* to_string(macro_trend x);
const char* to_string(macro_quadrant x);

/// How a series becomes its indicator.
enum class series_measure : uint8_t {
  yoy = 0, ///< percent change from the observation one year earlier (levels: INDPRO, CPIAUCSL)
  level,   ///< the values as they are (a series already in percent)
};

const char* to_string(series_measure x);

/// The percent change of every observation against the observation dated
/// exactly one year earlier (same month and day); observations without one,
/// or where either value is missing or the earlier is zero, give none.
std::vector<observation> year_over_year(const std::vector<observation>& levels);

/// The mean of the last `window` values that are not missing; nullopt when
/// there are fewer, or `window` is zero.
std::optional<double> trailing_mean(const std::vector<observation>& xs, size_t window);

/// One indicator at a moment.
struct indicator_reading {
  macro_trend trend = macro_trend::unknown;
  double latest = 0;  ///< the newest value (percent)
  double average = 0; ///< its moving average, the newest value included
  timestamp as_of{};  ///< the date of the newest value
  std::string why;    ///< unknown: why
};

/// The indicator of `values` (already measured: YoY or as is), missing
/// values skipped: its newest value against the mean of the last `window`.
indicator_reading read_indicator(const std::vector<observation>& values, size_t window);

/// The quadrant of two trends; unknown unless both are rising or falling.
macro_quadrant quadrant_of(macro_trend growth, macro_trend inflation);

/// What the quadrant needs besides the data.
struct quadrant_settings {
  series_measure growth_measure = series_measure::yoy;
  series_measure inflation_measure = series_measure::yoy;
  size_t window = 12;
  /// An observation counts from date + release_lag on: its period must be
  /// over and the number published (CPI for a month appears about six weeks
  /// after the month began). Keeps a backtest from reading the future.
  timespan release_lag{};
  /// An indicator whose newest value is older than this at `now` is unknown.
  timespan max_age = timespan::max();
};

/// The quadrant at event time `now`.
struct macro_reading {
  macro_quadrant regime = macro_quadrant::unknown;
  indicator_reading growth;
  indicator_reading inflation;
  /// unknown: why, naming the indicator(s); else "".
  std::string why;
};

/// Reads the quadrant at `now` from the growth and inflation series as
/// FRED gives them (levels, or percent for a `level` measure).
macro_reading read_quadrant(const std::vector<observation>& growth,
                            const std::vector<observation>& inflation,
                            const quadrant_settings& settings, timestamp now);

/// One line for people: "goldilocks (growth rising: 2.10% vs 1.50% average,
/// as of 2024-03-01; inflation falling: ...)" or "unknown (growth: ...)".
std::string describe(const macro_reading& r);

} // namespace tn
