// The safety layer's arithmetic in fixed point: exact stop prices, the
// activation of the trailing stop, and which stop a falling price meets.

#include "actors/tracker/safety.hpp"
#include "actors/tracker/tracker_config.hpp"
#include "tracker_test_util.hpp"

namespace tn::test {

namespace {

position long_at(const char* entry) {
  position p;
  p.symbol = "BTCUSDT";
  p.quantity = dec("1");
  p.entry_price = dec(entry);
  p.best_price = p.entry_price;
  return p;
}

} // namespace

TEST_CASE("the stop-loss lies exactly 4 % below entry and fires at it") {
  auto lv = to_levels(safety_thresholds{});
  CHECK(lv.stop_loss == dec("0.04"));
  CHECK(stop_loss_price(lv, dec("61000")) == dec("58560"));
  auto p = long_at("61000");
  CHECK_FALSE(check_price(lv, p, dec("58560.00000001")));
  auto hit = check_price(lv, p, dec("58560"));
  REQUIRE(hit);
  CHECK(hit->reason == order_reason::stop_loss);
  CHECK(hit->price == dec("58560"));
}

TEST_CASE("stop prices of small prices round to the nearest unit") {
  auto lv = to_levels(safety_thresholds{});
  // 0.00012345 * 0.96 = 0.000118512
  CHECK(stop_loss_price(lv, dec("0.00012345")) == dec("0.00011851"));
  CHECK(activation_price(lv, dec("0.00012345")) == dec("0.00012715"));
}

TEST_CASE("the trailing stop arms at the activation gain and follows the best price") {
  auto lv = to_levels(safety_thresholds{});
  auto p = long_at("100");
  CHECK_FALSE(check_price(lv, p, dec("102.99999999")));
  CHECK_FALSE(p.trailing_armed);
  CHECK(p.best_price == dec("102.99999999"));
  CHECK_FALSE(check_price(lv, p, dec("103")));
  CHECK(p.trailing_armed);
  // Armed at 103 the trailing stop (90.64) lies below the stop-loss (96).
  CHECK(stop_of(lv, p).reason == order_reason::stop_loss);
  CHECK(stop_of(lv, p).price == dec("96"));
  CHECK_FALSE(check_price(lv, p, dec("110")));
  CHECK(stop_of(lv, p).reason == order_reason::trailing_stop);
  CHECK(stop_of(lv, p).price == dec("96.8"));
  // A lower price never lowers the best price.
  CHECK_FALSE(check_price(lv, p, dec("105")));
  CHECK(p.best_price == dec("110"));
  CHECK_FALSE(check_price(lv, p, dec("96.80000001")));
  auto hit = check_price(lv, p, dec("96.8"));
  REQUIRE(hit);
  CHECK(hit->reason == order_reason::trailing_stop);
}

TEST_CASE("a price below both stops exits at the higher one") {
  auto lv = to_levels(safety_thresholds{});
  auto p = long_at("100");
  check_price(lv, p, dec("120")); // trailing stop at 105.6
  auto hit = check_price(lv, p, dec("90"));
  REQUIRE(hit);
  CHECK(hit->reason == order_reason::trailing_stop);
  CHECK(hit->price == dec("105.6"));
}

TEST_CASE("the thresholds come from the config") {
  auto lv = to_levels(safety_thresholds{0.02, 0.05, 0.0});
  auto p = long_at("200");
  CHECK(stop_loss_price(lv, p.entry_price) == dec("196"));
  // An activation of zero arms the trailing stop at entry.
  CHECK_FALSE(check_price(lv, p, dec("200")));
  CHECK(p.trailing_armed);
  CHECK(stop_of(lv, p).price == dec("196"));
  CHECK_FALSE(check_price(lv, p, dec("210")));
  CHECK(stop_of(lv, p).price == dec("199.5"));
  CHECK(stop_of(lv, p).reason == order_reason::trailing_stop);
}

TEST_CASE("tracker settings and safety thresholds are validated") {
  CHECK(tracker_config{}.validate().empty());
  CHECK(validate(safety_thresholds{}).empty());
  tracker_config c;
  c.safety_cadence = timespan::zero();
  CHECK(c.validate() == "tracker.safety_cadence: must be positive");
  c = {};
  c.reevaluation_interval = 10s;
  CHECK(c.validate().find("tracker.reevaluation_interval") == 0);
  c.reevaluation_interval = timespan::zero(); // off
  CHECK(c.validate().empty());
  CHECK(validate(safety_thresholds{0, 0.12, 0.03}).find("safety.stop_loss") == 0);
  CHECK(validate(safety_thresholds{0.04, 1.0, 0.03}).find("safety.trailing_stop") == 0);
  CHECK(validate(safety_thresholds{0.04, 0.12, -0.1}).find("safety.trailing_activation") == 0);
}

} // namespace tn::test
