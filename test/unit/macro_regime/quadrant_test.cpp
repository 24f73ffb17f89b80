#include "actors/macro_regime/quadrant.hpp"

#include "test/unit/macro_regime/series_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

quadrant_settings settings() {
  quadrant_settings s;
  s.window = 12;
  s.release_lag = 24h * 50;
  s.max_age = 24h * 100;
  return s;
}

// Just after the newest month was published.
timestamp after_last() {
  return month(months - 1) + 24h * 51;
}

macro_reading reading(double (*g)(int), double (*i)(int)) {
  return read_quadrant(levels_with_yoy(months, g), levels_with_yoy(months, i), settings(),
                       after_last());
}

} // namespace

TEST_CASE("Year over year matches each month with the same month a year earlier") {
  auto xs = levels_with_yoy(26, [](int i) { return i == 12 ? 5.0 : 2.0; });
  auto yoy = year_over_year(xs);
  REQUIRE(yoy.size() == 14);
  CHECK(yoy[0].date == month(12));
  CHECK(yoy[0].value == Approx(5.0));
  CHECK(yoy[1].value == Approx(2.0));
  CHECK(yoy[13].date == month(25));
  // Month 24 compares with month 12, which rose 5 %, so 2 % again.
  CHECK(yoy[12].value == Approx(2.0));
}

TEST_CASE("Year over year skips missing values and gaps, on either side") {
  auto xs = levels_with_yoy(25, [](int) { return 3.0; });
  xs[2].value = missing;                     // month 14 has no year-ago value
  xs[20].value = missing;                    // month 20 has no value
  xs.erase(xs.begin() + 5);              // month 17 has no year-ago observation
  auto yoy = year_over_year(xs);
  CHECK(yoy.size() == 13 - 3);
  for (auto& x : yoy) {
    CHECK(x.value == Approx(3.0));
    CHECK(x.date != month(14));
    CHECK(x.date != month(17));
    CHECK(x.date != month(20));
  }
}

TEST_CASE("Year over year of a quarterly series uses the same quarter a year earlier") {
  std::vector<observation> q{{day("2023-01-01"), 100}, {day("2023-04-01"), 101},
                             {day("2023-07-01"), 102}, {day("2023-10-01"), 103},
                             {day("2024-01-01"), 104}, {day("2024-04-01"), 101}};
  auto yoy = year_over_year(q);
  REQUIRE(yoy.size() == 2);
  CHECK(yoy[0].date == day("2024-01-01"));
  CHECK(yoy[0].value == Approx(4.0));
  CHECK(yoy[1].value == Approx(0.0).margin(1e-12));
}

TEST_CASE("Moving average edge cases") {
  auto xs = values({1, 2, 3, 4, 5});
  CHECK(trailing_mean(xs, 5) == Approx(3.0));
  CHECK(trailing_mean(xs, 2) == Approx(4.5));
  CHECK_FALSE(trailing_mean(xs, 6));
  CHECK_FALSE(trailing_mean(xs, 0));
  CHECK_FALSE(trailing_mean({}, 1));
  // Missing values are skipped: the window reaches further back.
  auto gaps = values({1, 2, missing, 4, missing});
  CHECK(trailing_mean(gaps, 2) == Approx(3.0));
  CHECK(trailing_mean(gaps, 3) == Approx(7.0 / 3));
  CHECK_FALSE(trailing_mean(gaps, 4));
}

TEST_CASE("An indicator rises above its average, falls below it, or sits on it") {
  auto rising = read_indicator(values({1, 1, 1, 2}), 4);
  CHECK(rising.trend == macro_trend::rising);
  CHECK(rising.latest == 2);
  CHECK(rising.average == Approx(1.25));
  CHECK(rising.as_of == month(3));
  CHECK(read_indicator(values({3, 3, 3, 2}), 4).trend == macro_trend::falling);
  auto flat = read_indicator(values({2, 2, 2, 2}), 3);
  CHECK(flat.trend == macro_trend::flat);
  CHECK(flat.why == "on its average");
  // The newest value missing: the newest present one counts.
  auto gap = read_indicator(values({1, 1, 1, 5, missing}), 4);
  CHECK(gap.trend == macro_trend::rising);
  CHECK(gap.as_of == month(3));
}

TEST_CASE("An indicator with too little data is unknown, and says why") {
  auto shortish = read_indicator(values({1, 2, missing}), 3);
  CHECK(shortish.trend == macro_trend::unknown);
  CHECK(shortish.why == "2 values, the 3-value average needs 3");
  auto none = read_indicator(values({missing, missing}), 2);
  CHECK(none.trend == macro_trend::unknown);
  CHECK(none.why == "no data");
  CHECK(read_indicator({}, 2).why == "no data");
}

TEST_CASE("The four quadrants on hand-made series") {
  auto g = reading(up, down);
  CHECK(g.regime == macro_quadrant::goldilocks);
  CHECK(g.growth.trend == macro_trend::rising);
  CHECK(g.inflation.trend == macro_trend::falling);
  CHECK(g.why.empty());
  CHECK(g.growth.as_of == month(months - 1));
  CHECK(g.growth.latest == Approx(up(months - 1)));
  CHECK(g.growth.average == Approx(up(months - 1) - 0.55));
  CHECK(reading(up, up).regime == macro_quadrant::reflation);
  CHECK(reading(down, up).regime == macro_quadrant::stagflation);
  CHECK(reading(down, down).regime == macro_quadrant::deflation);
  CHECK(describe(g).find("goldilocks (growth rising: 4.50% vs 3.95% average, as of 2017-12-01; "
                         "inflation falling: 4.50% vs 5.05% average, as of 2017-12-01)")
        == 0);
}

TEST_CASE("The quadrant from series already in percent (level measure)") {
  auto s = settings();
  s.growth_measure = series_measure::level;
  s.window = 3;
  std::vector<observation> gdp;                     // falling against its average
  for (double v : {2.0, 2.5, 1.0, 0.5})
    gdp.push_back({month(20 + static_cast<int>(gdp.size())), v});
  auto cpi = levels_with_yoy(24, [](int i) { return 1.0 + 0.2 * i; });
  auto r = read_quadrant(gdp, cpi, s, month(23) + 24h * 60);
  CHECK(r.growth.trend == macro_trend::falling);
  CHECK(r.inflation.trend == macro_trend::rising);
  CHECK(r.regime == macro_quadrant::stagflation);
}

TEST_CASE("Unknown when data is missing, too short or too old") {
  auto s = settings();
  auto full = levels_with_yoy(months, up);
  auto r = read_quadrant(full, {}, s, after_last());
  CHECK(r.regime == macro_quadrant::unknown);
  CHECK(r.growth.trend == macro_trend::rising);
  CHECK(r.why == "inflation: no data");
  // 12 YoY values need 24 months; 23 give 11.
  auto shortish = levels_with_yoy(23, down);
  r = read_quadrant(shortish, shortish, s, month(22) + 24h * 51);
  CHECK(r.regime == macro_quadrant::unknown);
  CHECK(r.why == "growth: 11 values, the 12-value average needs 12; "
                 "inflation: 11 values, the 12-value average needs 12");
  CHECK(describe(r).find("unknown (growth: 11 values") == 0);
  r = read_quadrant(full, full, s, after_last() + 24h * 60);
  CHECK(r.regime == macro_quadrant::unknown);
  CHECK(r.why == "growth: newest value from 2017-12-01 is too old; "
                 "inflation: newest value from 2017-12-01 is too old");
  auto flat = levels_with_yoy(months, [](int) { return 2.0; });
  r = read_quadrant(full, flat, s, after_last());
  CHECK(r.regime == macro_quadrant::unknown);
  CHECK(r.inflation.trend == macro_trend::flat);
}

TEST_CASE("An observation counts only once published (release lag)") {
  auto s = settings();
  // Growth turned down only in the newest month.
  auto growth = levels_with_yoy(months, [](int i) { return i == months - 1 ? 0.0 : up(i); });
  auto inflation = levels_with_yoy(months, up);
  auto before = read_quadrant(growth, inflation, s, month(months - 1) + 24h * 49);
  CHECK(before.growth.as_of == month(months - 2));
  CHECK(before.regime == macro_quadrant::reflation);
  auto after = read_quadrant(growth, inflation, s, month(months - 1) + 24h * 50);
  CHECK(after.growth.as_of == month(months - 1));
  CHECK(after.regime == macro_quadrant::stagflation);
}
