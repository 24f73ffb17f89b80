// The execution section: where the position tracker's stops live.

#include "config_test_util.hpp"

#include "actors/tracker/execution_config.hpp"

using namespace tn;
using namespace tn::test;

TEST_CASE("execution section: the node protects by default; exchange and its steps are read") {
  auto defaults = accepted("market: {symbols: [BTCUSDT]}\n").section<execution_config>();
  CHECK(defaults.protective_stop == protective_stop_mode::node);
  CHECK(defaults.stop_limit_offset == decimal::from_units(500'000));
  auto cfg = accepted("market: {symbols: [BTCUSDT]}\n"
                      "execution:\n"
                      "  protective_stop: exchange\n"
                      "  stop_limit_offset: 0.01\n"
                      "  stop_min_step: 0.002\n")
               .section<execution_config>();
  CHECK(cfg.protective_stop == protective_stop_mode::exchange);
  CHECK(cfg.stop_limit_offset == decimal::from_units(1'000'000));
  CHECK(cfg.stop_min_step == decimal::from_units(200'000));
}

TEST_CASE("execution section: refusals name the key") {
  CHECK(refusal("execution: {protective_stop: broker}\n")
        == "t.yaml:1:30: execution.protective_stop: expected one of node|exchange, got 'broker'");
  CHECK(refusal("execution: {stop_limit_offset: 0.2}\n")
        == "t.yaml:1:32: execution.stop_limit_offset: out of range: must be in [0, 0.05], got 0.2");
  CHECK_THAT(refusal("execution: {stop: 0.2}\n"), Catch::Contains("execution"));
}
