#include "actors/gate/gate.hpp"

#include "test/unit/gate/replay.hpp"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace tn;

namespace {

std::vector<std::vector<candle>> futures_month() {
  std::vector<std::vector<candle>> result;
  for (std::string s : {"AVAXUSDT", "NEARUSDT", "FILUSDT", "ALGOUSDT"})
    result.push_back(test::read_dump_csv(
      test::shared_data("futures_um/klines_1m/" + s + "-1m-2024-02.csv"), s));
  return result;
}

std::vector<std::vector<candle>> spot_day() {
  std::vector<std::vector<candle>> result;
  for (std::string s : {"BTCUSDT", "SOLUSDT", "SOLBTC"})
    result.push_back(
      test::read_dump_csv(test::shared_data("spot/klines_1m/" + s + "-1m-2025-07-13.csv"), s));
  return result;
}

// The figures the closing note reports; printed so a plain run shows them.
void report(const char* name, const test::replay_result& r, size_t days) {
  auto mean = static_cast<double>(r.passes.size()) / static_cast<double>(days);
  std::printf("gate on %s: %llu ticks, %zu passes = %.3f %% of ticks; passes/day max %u, mean "
              "%.1f over %zu days; by reason:",
              name, static_cast<unsigned long long>(r.ticks), r.passes.size(), r.pass_rate_pct(),
              r.max_per_day(), mean, days);
  for (auto reason : all_pass_reasons)
    std::printf(" %s %llu", to_string(reason),
                static_cast<unsigned long long>(r.stats.by_reason[static_cast<size_t>(reason)]));
  std::printf("; suppressed: cap %llu, cooldown %llu ticks, spacing %llu\n",
              static_cast<unsigned long long>(r.stats.suppressed_cap),
              static_cast<unsigned long long>(r.stats.suppressed_cooldown),
              static_cast<unsigned long long>(r.stats.suppressed_spacing));
}

void check_limits(const test::replay_result& r) {
  CHECK(r.pass_rate_pct() <= 10.0);
  CHECK(r.max_per_day() <= 48);
  // The margin: the cap never had to cut, the layers stay under it alone.
  CHECK(r.stats.suppressed_cap == 0);
  CHECK(r.stats.passes == r.passes.size());
}

} // namespace

TEST_CASE("real futures month: the default gate passes rarely and under the cap",
          "[real]") {
  auto series = futures_month();
  REQUIRE(series.size() == 4);
  for (auto& s : series)
    REQUIRE(s.size() == 41760);
  gate_config cfg;
  REQUIRE(cfg.validate() == "");

  SECTION("the gate alone (no decisions answer it)") {
    auto r = test::replay(cfg, series);
    report("futures 2024-02, gate alone", r, 29);
    CHECK(r.ticks == 4 * 4 * 41760);
    check_limits(r);
    // Every layer that can fire without a model did: 4h closes (some
    // coalesced into a z-score pass or covered by one) and z-scores.
    CHECK(r.stats.by_reason[static_cast<size_t>(pass_reason::candle_close)] >= 29 * 6 * 9 / 10);
    CHECK(r.stats.by_reason[static_cast<size_t>(pass_reason::zscore)] > 0);
  }

  SECTION("answered by a model that always asks again in an hour") {
    auto r = test::replay(cfg, series, 3600);
    report("futures 2024-02, next check 1h", r, 29);
    check_limits(r);
    CHECK(r.stats.by_reason[static_cast<size_t>(pass_reason::timer)] > 0);
  }
}

TEST_CASE("real spot day: the default gate passes rarely and under the cap", "[real]") {
  auto series = spot_day();
  REQUIRE(series.size() == 3);
  auto r = test::replay(gate_config{}, series);
  report("spot 2025-07-13, gate alone", r, 1);
  check_limits(r);
  CHECK(r.passes.size() <= 48);
}
