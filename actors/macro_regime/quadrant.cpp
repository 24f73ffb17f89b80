#include "actors/macro_regime/quadrant.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace tn {

const char* to_string(macro_trend x) {
  switch (x) {
    case macro_trend::unknown: return "unknown";
    case macro_trend::rising: return "rising";
    case macro_trend::falling: return "falling";
    case macro_trend::flat: return "flat";
  }
  return "?";
}

const char* to_string(macro_quadrant x) {
  switch (x) {
    case macro_quadrant::unknown: return "unknown";
    case macro_quadrant::goldilocks: return "goldilocks";
    case macro_quadrant::reflation: return "reflation";
    case macro_quadrant::stagflation: return "stagflation";
    case macro_quadrant::deflation: return "deflation";
  }
  return "?";
}

const char* to_string(series_measure x) {
  switch (x) {
    case series_measure::yoy: return "yoy";
    case series_measure::level: return "level";
  }
  return "?";
}

namespace {

/// The same month and day one year earlier; none for 29 February.
bool year_before(timestamp date, timestamp& out) {
  auto text = format_iso_date(date);
  if (text.compare(4, 6, "-02-29") == 0)
    return false;
  auto year = std::stoi(text.substr(0, 4));
  return parse_iso_date(fmt::format("{:04d}", year - 1) + text.substr(4), out);
}

std::vector<observation> measured(const std::vector<observation>& xs, series_measure m) {
  return m == series_measure::yoy ? year_over_year(xs) : xs;
}

/// The observations published by `now`.
std::vector<observation> published(const std::vector<observation>& xs, timespan lag,
                                   timestamp now) {
  std::vector<observation> out;
  for (auto& x : xs)
    if (x.date + lag <= now)
      out.push_back(x);
  return out;
}

} // namespace

std::vector<observation> year_over_year(const std::vector<observation>& levels) {
  std::map<timestamp, double> by_date;
  for (auto& x : levels)
    by_date[x.date] = x.value;
  std::vector<observation> out;
  for (auto& x : levels) {
    timestamp earlier;
    if (std::isnan(x.value) || !year_before(x.date, earlier))
      continue;
    auto i = by_date.find(earlier);
    if (i == by_date.end() || std::isnan(i->second) || i->second == 0)
      continue;
    out.push_back({x.date, (x.value / i->second - 1) * 100});
  }
  return out;
}

std::optional<double> trailing_mean(const std::vector<observation>& xs, size_t window) {
  if (window == 0)
    return std::nullopt;
  double sum = 0;
  size_t n = 0;
  for (auto i = xs.rbegin(); i != xs.rend() && n < window; ++i)
    if (!std::isnan(i->value)) {
      sum += i->value;
      ++n;
    }
  if (n < window)
    return std::nullopt;
  return sum / static_cast<double>(n);
}

indicator_reading read_indicator(const std::vector<observation>& values, size_t window) {
  indicator_reading r;
  const observation* newest = nullptr;
  size_t available = 0;
  for (auto& x : values)
    if (!std::isnan(x.value)) {
      newest = &x;
      ++available;
    }
  if (newest == nullptr) {
    r.why = "no data";
    return r;
  }
  r.latest = newest->value;
  r.as_of = newest->date;
  auto mean = trailing_mean(values, window);
  if (!mean) {
    r.why = fmt::format("{} values, the {}-value average needs {}", available, window, window);
    return r;
  }
  r.average = *mean;
  // Within rounding of the average is on it: YoY of a steady series
  // differs from month to month only in the last bits.
  constexpr double on_average = 1e-9; // percentage points
  r.trend = r.latest > r.average + on_average   ? macro_trend::rising
            : r.latest < r.average - on_average ? macro_trend::falling
                                                : macro_trend::flat;
  if (r.trend == macro_trend::flat)
    r.why = "on its average";
  return r;
}

macro_quadrant quadrant_of(macro_trend growth, macro_trend inflation) {
  using t = macro_trend;
  if (growth == t::rising && inflation == t::falling)
    return macro_quadrant::goldilocks;
  if (growth == t::rising && inflation == t::rising)
    return macro_quadrant::reflation;
  if (growth == t::falling && inflation == t::rising)
    return macro_quadrant::stagflation;
  if (growth == t::falling && inflation == t::falling)
    return macro_quadrant::deflation;
  return macro_quadrant::unknown;
}

macro_reading read_quadrant(const std::vector<observation>& growth,
                            const std::vector<observation>& inflation,
                            const quadrant_settings& settings, timestamp now) {
  auto read = [&](const std::vector<observation>& xs, series_measure m) {
    auto r = read_indicator(measured(published(xs, settings.release_lag, now), m),
                            settings.window);
    if (r.trend != macro_trend::unknown && now - r.as_of > settings.max_age) {
      r.trend = macro_trend::unknown;
      r.why = "newest value from " + format_iso_date(r.as_of) + " is too old";
    }
    return r;
  };
  macro_reading out;
  out.growth = read(growth, settings.growth_measure);
  out.inflation = read(inflation, settings.inflation_measure);
  out.regime = quadrant_of(out.growth.trend, out.inflation.trend);
  if (out.regime == macro_quadrant::unknown) {
    std::string why;
    for (auto [name, ind] : {std::pair{"growth", &out.growth}, {"inflation", &out.inflation}})
      if (!ind->why.empty())
        why += (why.empty() ? "" : "; ") + std::string{name} + ": " + ind->why;
    out.why = why;
  }
  return out;
}

std::string describe(const macro_reading& r) {
  auto one = [](const char* name, const indicator_reading& x) {
    if (x.trend == macro_trend::unknown)
      return fmt::format("{}: {}", name, x.why);
    return fmt::format("{} {}: {:.2f}% vs {:.2f}% average, as of {}", name, to_string(x.trend),
                       x.latest, x.average, format_iso_date(x.as_of));
  };
  return fmt::format("{} ({}; {})", to_string(r.regime), one("growth", r.growth),
                     one("inflation", r.inflation));
}

} // namespace tn
