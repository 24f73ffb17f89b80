#include "actors/evaluator/evaluator_config.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace tn;

TEST_CASE("the default evaluator config is valid") {
  CHECK(evaluator_config{}.validate() == "");
}

TEST_CASE("an unusable evaluator config names the key and the reason") {
  evaluator_config cfg;
  std::string expected;
  SECTION("a negative weight") {
    cfg.weights.volume = -0.1;
    expected = "evaluator.weights.volume: must be >= 0";
  }
  SECTION("a NaN weight") {
    cfg.weights.trend = std::numeric_limits<double>::quiet_NaN();
    expected = "evaluator.weights.trend: must be >= 0";
  }
  SECTION("all weights zero") {
    cfg.weights = {0, 0, 0, 0, 0};
    expected = "evaluator.weights: at least one weight must be positive";
  }
  SECTION("threshold outside (0, 1]") {
    cfg.entry_threshold = GENERATE(0.0, 1.01);
    expected = "evaluator.entry_threshold: must lie in (0, 1]";
  }
  SECTION("max_position_pct outside (0, 1]") {
    cfg.max_position_pct = GENERATE(0.0, 1.5);
    expected = "evaluator.max_position_pct: must lie in (0, 1]";
  }
  SECTION("next_check_seconds not positive") {
    cfg.next_check_seconds = GENERATE(0, -60);
    expected = "evaluator.next_check_seconds: must be > 0";
  }
  CHECK(cfg.validate() == expected);
}

TEST_CASE("edge values of the evaluator config are accepted") {
  evaluator_config cfg;
  cfg.weights = {0, 0, 0, 0, 1}; // one signal alone
  cfg.entry_threshold = 1;
  cfg.max_position_pct = 1;
  cfg.next_check_seconds = 1;
  CHECK(cfg.validate() == "");
}
