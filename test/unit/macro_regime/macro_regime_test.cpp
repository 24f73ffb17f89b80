#include "actors/macro_regime/macro_regime.hpp"

#include "test/unit/macro_regime/series_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

series_result ok(std::vector<observation> xs) {
  return {std::move(xs), {}};
}

series_result failed(std::string why) {
  return {{}, std::move(why)};
}

timestamp start() {
  return month(months - 1) + 24h * 51;
}

} // namespace

TEST_CASE("Without a source the regime is unknown, said once at start, never refreshed") {
  macro_regime m{macro_config{}, macro_source::none};
  auto notice = m.start_notice();
  REQUIRE(notice);
  CHECK_FALSE(notice->warning);
  CHECK(notice->text.find("macro regime unknown: no FRED API key in $FRED_API_KEY") == 0);
  CHECK_FALSE(m.due(start()));
  CHECK_FALSE(m.due(start() + 24h * 365));
  CHECK(m.regime() == macro_quadrant::unknown);
  CHECK_FALSE(macro_regime(macro_config{}, macro_source::fred).start_notice());
}

TEST_CASE("A refresh reads both series and says the regime once, then on change") {
  macro_regime m{macro_config{}, macro_source::files};
  REQUIRE(m.due(start()));
  auto id = m.begin_refresh(start());
  CHECK_FALSE(m.due(start() + 1min)); // one refresh at a time
  CHECK_FALSE(m.on_series(id, 0, ok(levels_with_yoy(months, up))));
  auto notice = m.on_series(id, 1, ok(levels_with_yoy(months, down)));
  REQUIRE(notice);
  CHECK_FALSE(notice->warning);
  CHECK(notice->text.find("macro regime goldilocks (growth rising") == 0);
  CHECK(m.regime() == macro_quadrant::goldilocks);
  CHECK(m.next_refresh() == start() + 24h);
  CHECK_FALSE(m.due(start() + 23h));
  REQUIRE(m.due(start() + 24h));
  // The same regime again: nothing to say.
  id = m.begin_refresh(start() + 24h);
  CHECK_FALSE(m.on_series(id, 1, ok(levels_with_yoy(months, down))));
  CHECK_FALSE(m.on_series(id, 0, ok(levels_with_yoy(months, up))));
  // A new one is said.
  id = m.begin_refresh(start() + 48h);
  m.on_series(id, 0, ok(levels_with_yoy(months, down)));
  notice = m.on_series(id, 1, ok(levels_with_yoy(months, up)));
  REQUIRE(notice);
  CHECK(notice->text.find("macro regime stagflation") == 0);
  CHECK(m.stats().refreshes == 3);
  CHECK(m.stats().changes == 2);
}

TEST_CASE("A failed refresh warns once, keeps the regime and retries sooner") {
  macro_config cfg;
  cfg.retry = 2h;
  macro_regime m{cfg, macro_source::fred};
  auto id = m.begin_refresh(start());
  m.on_series(id, 0, ok(levels_with_yoy(months, up)));
  m.on_series(id, 1, ok(levels_with_yoy(months, up)));
  REQUIRE(m.regime() == macro_quadrant::reflation);

  auto t = start() + 24h;
  REQUIRE(m.due(t));
  id = m.begin_refresh(t);
  m.on_series(id, 0, failed("HTTP 500"));
  auto notice = m.on_series(id, 1, ok(levels_with_yoy(months, down)));
  REQUIRE(notice);
  CHECK(notice->warning);
  CHECK(notice->text == "cannot refresh the macro regime from fred (INDPRO: HTTP 500); keeping "
                        "reflation, retrying every 120 min");
  CHECK(m.regime() == macro_quadrant::reflation);
  CHECK(m.next_refresh() == t + 2h);
  // The same failure again is counted, not said.
  for (int i = 1; i <= 3; ++i) {
    REQUIRE(m.due(t + 2h * i));
    id = m.begin_refresh(t + 2h * i);
    CHECK_FALSE(m.on_series(id, 0, failed("HTTP 500")));
    CHECK_FALSE(m.on_series(id, 1, ok({})));
  }
  CHECK(m.stats().failed == 4);
  // A different failure is said.
  id = m.begin_refresh(t + 8h);
  m.on_series(id, 0, failed("HTTP 500"));
  notice = m.on_series(id, 1, failed("timeout"));
  REQUIRE(notice);
  CHECK(notice->text.find("(INDPRO: HTTP 500; CPIAUCSL: timeout)") != std::string::npos);
  // Recovery says so, even with the regime unchanged.
  id = m.begin_refresh(t + 10h);
  m.on_series(id, 0, ok(levels_with_yoy(months, up)));
  notice = m.on_series(id, 1, ok(levels_with_yoy(months, up)));
  REQUIRE(notice);
  CHECK_FALSE(notice->warning);
  CHECK(notice->text.find("macro regime reflation") == 0);
  CHECK(notice->text.find("(refreshed again after 5 failed attempts)") != std::string::npos);
  CHECK(m.last_failure().empty());
  CHECK(m.next_refresh() == t + 10h + 24h);
}

TEST_CASE("Results of an older refresh or twice for one series are ignored") {
  macro_regime m{macro_config{}, macro_source::fred};
  auto old = m.begin_refresh(start());
  auto id = m.begin_refresh(start() + 2h);
  CHECK_FALSE(m.on_series(old, 0, ok(levels_with_yoy(months, up))));
  CHECK_FALSE(m.on_series(old, 1, ok(levels_with_yoy(months, up))));
  CHECK_FALSE(m.on_series(id, 0, ok(levels_with_yoy(months, down))));
  CHECK_FALSE(m.on_series(id, 0, ok(levels_with_yoy(months, up))));
  CHECK(m.stats().stale_results == 3);
  REQUIRE(m.on_series(id, 1, ok(levels_with_yoy(months, down))));
  CHECK(m.regime() == macro_quadrant::deflation);
}

TEST_CASE("An unknown regime is said again only when its reason changes") {
  macro_regime m{macro_config{}, macro_source::files};
  auto id = m.begin_refresh(start());
  m.on_series(id, 0, ok(levels_with_yoy(months, up)));
  auto notice = m.on_series(id, 1, ok({}));
  REQUIRE(notice);
  CHECK(notice->text.find("macro regime unknown (growth rising") == 0);
  CHECK(notice->text.find("inflation: no data") != std::string::npos);
  id = m.begin_refresh(start() + 24h);
  m.on_series(id, 0, ok(levels_with_yoy(months, up)));
  CHECK_FALSE(m.on_series(id, 1, ok({})));
  id = m.begin_refresh(start() + 48h);
  m.on_series(id, 0, ok({}));
  REQUIRE(m.on_series(id, 1, ok({})));
}

TEST_CASE("Config validation names the key") {
  macro_config c;
  CHECK(c.validate().empty());
  c.window = 1;
  CHECK(c.validate() == "macro.window: must lie in [2, 120]");
  c = {};
  c.growth_series = "indpro";
  CHECK(c.validate().find("macro.growth_series:") == 0);
  c = {};
  c.growth_file = "g.csv";
  CHECK(c.validate() == "macro.inflation_file: set both growth_file and inflation_file, or neither");
  c = {};
  c.retry = 48h;
  CHECK(c.validate() == "macro.retry: must lie in [1m, macro.refresh]");
}
