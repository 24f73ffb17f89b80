// The "regime:" section, read as tradenode reads its config.

#include "actors/regime/regime_config.hpp"
#include "test/unit/config/config_test_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::accepted;
using tn::test::refusal;

TEST_CASE("the regime section defaults to a year of BTCUSDT, refit weekly") {
  auto cfg = accepted("node:\n  mode: paper\n");
  auto& r = cfg.section<regime_config>();
  CHECK(r.symbol == "BTCUSDT");
  CHECK(r.days == 365);
  CHECK(r.min_days == 60);
  CHECK(r.refit_every == 7 * 24h);
  CHECK(r.hmm.restarts == 5);
  CHECK(r.hmm.seed == 1);
  CHECK(r.hmm.limits.max_iterations == 500);
  CHECK(r.hmm.limits.tolerance == 1e-6);
  CHECK(r.validate().empty());
}

TEST_CASE("the regime section reads every key") {
  auto cfg = accepted("regime:\n"
                      "  symbol: eth/usdt\n"
                      "  days: 730\n"
                      "  min_days: 100\n"
                      "  refit_every: 1d\n"
                      "  restarts: 3\n"
                      "  seed: 42\n"
                      "  max_iterations: 200\n"
                      "  tolerance: 1e-8\n");
  auto& r = cfg.section<regime_config>();
  CHECK(r.symbol == "ETHUSDT");
  CHECK(r.days == 730);
  CHECK(r.min_days == 100);
  CHECK(r.refit_every == 24h);
  CHECK(r.hmm.restarts == 3);
  CHECK(r.hmm.seed == 42);
  CHECK(r.hmm.limits.max_iterations == 200);
  CHECK(r.hmm.limits.tolerance == 1e-8);
}

TEST_CASE("the regime section refuses what the detector cannot use, naming the key") {
  CHECK(refusal("regime:\n  days: 1000\n").find("regime.days") != std::string::npos);
  CHECK(refusal("regime:\n  refit_every: 12h\n").find("regime.refit_every") != std::string::npos);
  CHECK(refusal("regime:\n  days: 100\n  min_days: 200\n")
        == "t.yaml:3:13: regime.min_days: must lie in [10, regime.days]");
  CHECK(refusal("regime:\n  restarts: 0\n").find("regime.restarts") != std::string::npos);
  CHECK(refusal("regime:\n  tolerance: 0\n").find("regime.tolerance") != std::string::npos);
  CHECK(refusal("regime:\n  symbol: 'BTC USDT'\n").find("is not a symbol") != std::string::npos);
  CHECK(refusal("regime:\n  window: 365\n").find("regime.window") != std::string::npos);
}
