// The derivatives section: defaults, every key, refusals, and the start-up
// line that says whether the monitor runs.

#include "actors/derivatives/derivatives_config.hpp"
#include "actors/derivatives/derivatives_service.hpp"
#include "test/unit/config/config_test_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE("derivatives section: defaults, every key, refusals") {
  auto defaults = test::accepted("node:\n  mode: paper\n");
  CHECK(defaults.section<derivatives_config>().quiet_interval == 5min);
  auto cfg = test::accepted("derivatives:\n"
                            "  quiet_interval: 10m\n"
                            "  hot_interval: 30s\n"
                            "  hot_for: 1h\n"
                            "  oi_window: 4h\n"
                            "  cvd_window: 15m\n"
                            "  data_period: 15m\n"
                            "  retry_initial: 5s\n"
                            "  retry_max: 1m\n");
  auto& d = cfg.section<derivatives_config>();
  CHECK(d.quiet_interval == 10min);
  CHECK(d.hot_interval == 30s);
  CHECK(d.hot_for == 1h);
  CHECK(d.oi_window == 4h);
  CHECK(d.cvd_window == 15min);
  CHECK(d.data_period == "15m");
  CHECK(d.retry_initial == 5s);
  CHECK(d.retry_max == 1min);
  CHECK_THAT(test::refusal("derivatives:\n  hot_interval: 10m\n"),
             Catch::EndsWith("derivatives.quiet_interval: must not be less than "
                             "derivatives.hot_interval"));
  // A check across keys points at the key it names when the file sets it.
  CHECK(test::refusal("derivatives:\n  quiet_interval: 1m\n  hot_interval: 2m\n")
        == "t.yaml:2:19: derivatives.quiet_interval: must not be less than "
           "derivatives.hot_interval");
  CHECK(test::refusal("derivatives:\n  data_period: 3m\n").find("derivatives.data_period")
        != std::string::npos);
  CHECK(test::refusal("derivatives:\n  poll: 1m\n").find("poll") != std::string::npos);
}

TEST_CASE("derivatives monitor: runs on futures with live data, else says once that it is off") {
  auto spot = test::accepted("node:\n  mode: paper\n");
  CHECK_FALSE(runs_derivatives_monitor(spot));
  REQUIRE(derivatives_summary(spot).size() == 1);
  CHECK(derivatives_summary(spot).front().rfind("derivatives: off (exchange.market is spot", 0) == 0);
  auto futures = test::accepted("exchange:\n  market: futures\n");
  CHECK(runs_derivatives_monitor(futures));
  CHECK(derivatives_summary(futures).front()
        == "derivatives: funding, open interest and long/short ratio per symbol every 5m (1m "
           "while the gate is hot for it), CVD from the closed 1m bars");
  futures.node.mode = run_mode::backtest;
  CHECK_FALSE(runs_derivatives_monitor(futures));
  CHECK(derivatives_summary(futures).front().rfind("derivatives: off in a backtest", 0) == 0);
}
