#include "actors/risk/risk_config.hpp"
#include "test/unit/risk/risk_test_util.hpp"

#include <catch2/catch.hpp>

namespace tn {
using namespace test;

TEST_CASE("risk config: the defaults validate, each bad key is named") {
  CHECK(risk_config{}.validate().empty());
  auto bad = [](auto change) {
    risk_config c;
    change(c);
    return c.validate();
  };
  CHECK(bad([](risk_config& c) { c.max_position_pct = dec("1.5"); })
        == "risk.max_position_pct: must lie in (0, 1], not 1.5");
  CHECK(bad([](risk_config& c) { c.max_daily_loss_pct = decimal{}; })
        == "risk.max_daily_loss_pct: must lie in (0, 1], not 0");
  CHECK(bad([](risk_config& c) { c.min_add_pct = dec("1.2"); })
        == "risk.min_add_pct: must lie in [0, 1], not 1.2");
  CHECK(bad([](risk_config& c) { c.max_total_exposure_pct = dec("0.1"); })
        == "risk.max_total_exposure_pct: must lie in [risk.max_position_pct, risk.max_leverage] "
           "(0.25, 1), not 0.1");
  CHECK(bad([](risk_config& c) { c.max_leverage = dec("3"); })
        == "risk.max_leverage: spot trades without leverage, so it must be 1, not 3");
  CHECK(bad([](risk_config& c) {
          c.market = market_kind::futures;
          c.max_leverage = dec("200");
        })
        == "risk.max_leverage: must lie in [1, 125], not 200");
  CHECK(bad([](risk_config& c) { c.max_orders_per_minute = 0; })
        == "risk.max_orders_per_minute: must be at least 1");
  CHECK(bad([](risk_config& c) { c.max_notional = dec("5"); })
        == "risk.max_notional: must be above risk.min_notional (10)");
  CHECK(bad([](risk_config& c) { c.entry_type = order_type::limit; })
        == "risk.entry_type: must be MARKET or LIMIT_MAKER, not LIMIT");
  kill_switch_reset mode{};
  CHECK(parse_kill_switch_reset("manual", mode));
  CHECK(mode == kill_switch_reset::manual);
  CHECK_FALSE(parse_kill_switch_reset("never", mode));
}

} // namespace tn
