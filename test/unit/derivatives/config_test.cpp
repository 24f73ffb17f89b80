// The derivatives section's cross-key checks.

#include "actors/derivatives/derivatives_config.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE("derivatives settings: the defaults pass, each broken rule names its key") {
  derivatives_config ok;
  CHECK(ok.validate().empty());
  auto broken = [](auto change) {
    derivatives_config c;
    change(c);
    return c.validate();
  };
  CHECK(broken([](auto& c) { c.hot_interval = 0s; })
        == "derivatives.hot_interval: must be positive");
  CHECK(broken([](auto& c) { c.quiet_interval = 30s; })
        == "derivatives.quiet_interval: must not be less than derivatives.hot_interval");
  CHECK(broken([](auto& c) { c.data_period = "3m"; }).rfind("derivatives.data_period:", 0) == 0);
  CHECK(broken([](auto& c) { c.oi_window = 1min; })
        == "derivatives.oi_window: must not be less than derivatives.data_period");
  CHECK(broken([](auto& c) { c.oi_window = 500 * 5min; })
        == "derivatives.oi_window: more than 499 data periods");
  CHECK(broken([](auto& c) { c.cvd_window = 30s; }) == "derivatives.cvd_window: must be at least 1m");
  CHECK(broken([](auto& c) { c.retry_max = 1s; })
        == "derivatives.retry_max: must not be less than derivatives.retry_initial");
  CHECK(data_period_length("1h") == 1h);
  CHECK(data_period_length("1d") == 24h);
  CHECK(data_period_length("1m") == 0s);
}
