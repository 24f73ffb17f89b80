// The binance section as the node reads it: defaults, every key, and
// refusals that name the key.

#include "actors/broker/binance_config.hpp"
#include "test/unit/config/config_test_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

TEST_CASE("binance section: defaults, and every key read") {
  auto defaults = accepted("node: {mode: paper}\n").section<binance_config>();
  CHECK(defaults.recv_window == 5s);
  CHECK(defaults.maker_fallback == 30s);
  CHECK(defaults.leverage == 1);
  CHECK(defaults.time_sync == 1h);
  CHECK(defaults.market == market_kind::spot);

  auto cfg = accepted("exchange: {market: futures}\n"
                      "binance:\n"
                      "  recv_window: 10s\n"
                      "  maker_fallback: 0s\n"
                      "  poll_interval: {initial: 500ms, max: 20s}\n"
                      "  time_sync: 10m\n"
                      "  leverage: 5\n"
                      "  margin_type: isolated\n")
               .section<binance_config>();
  CHECK(cfg.market == market_kind::futures);
  CHECK(cfg.recv_window == 10s);
  CHECK(cfg.maker_fallback == timespan{});
  CHECK(cfg.poll_initial == 500ms);
  CHECK(cfg.poll_max == 20s);
  CHECK(cfg.time_sync == 10min);
  CHECK(cfg.leverage == 5);
  CHECK(cfg.margin == margin_type::isolated);
}

TEST_CASE("binance section: refusals name the key") {
  CHECK_THAT(refusal("binance: {leverage: 200}\n"),
             Catch::Contains("binance.leverage: out of range"));
  CHECK_THAT(refusal("binance: {recv_window: 2m}\n"), Catch::Contains("binance.recv_window"));
  CHECK_THAT(refusal("binance: {margin_type: hedge}\n"), Catch::Contains("binance.margin_type"));
  CHECK_THAT(refusal("binance: {poll_interval: {initial: 5s, max: 1s}}\n"),
             Catch::Contains("binance.poll_interval.max: below poll_interval.initial"));
  CHECK_THAT(refusal("binance: {api_key: abc}\n"), Catch::Contains("binance"));
  CHECK_THAT(refusal("binance: {time_sync: 2d}\n"), Catch::Contains("binance.time_sync"));
}
