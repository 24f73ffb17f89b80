#include "actors/evaluator/signals.hpp"

#include "test/unit/evaluator/series.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace tn;

namespace {

auto uptrend(size_t n) {
  return test::hourly_bars(test::trending_closes(n, 100, 0.003, 0.001));
}

auto downtrend(size_t n) {
  return test::hourly_bars(test::trending_closes(n, 100, -0.003, 0.001));
}

} // namespace

TEST_CASE("trend and momentum point the way of a steady trend") {
  auto up = uptrend(60);
  auto down = downtrend(60);
  CHECK(trend_signal(up).has_data);
  CHECK(trend_signal(up).value > 0.5);
  CHECK(trend_signal(down).value < -0.5);
  CHECK(momentum_signal(up).value > 0.5);
  CHECK(momentum_signal(down).value < -0.5);
}

TEST_CASE("each candle signal says when it lacks bars") {
  CHECK_FALSE(trend_signal(uptrend(49)).has_data);
  CHECK(trend_signal(uptrend(50)).has_data);
  CHECK_FALSE(momentum_signal(uptrend(14)).has_data);
  CHECK(momentum_signal(uptrend(15)).has_data);
  CHECK_FALSE(volatility_signal(uptrend(23)).has_data);
  CHECK(volatility_signal(uptrend(24)).has_data);
  CHECK_FALSE(volume_signal(uptrend(14)).has_data);
  CHECK(volume_signal(uptrend(15)).has_data);
}

TEST_CASE("volatility above its median is bearish, below it bullish") {
  auto closes = test::trending_closes(60, 100, 0, 0.001);
  auto calm_then_wild = test::hourly_bars(closes, 100, 0.001);
  for (size_t i = 50; i < 60; ++i) {
    calm_then_wild[i].high *= 1.02;
    calm_then_wild[i].low *= 0.98;
  }
  auto wild_then_calm = test::hourly_bars(closes, 100, 0.02);
  for (size_t i = 45; i < 60; ++i) {
    wild_then_calm[i].high = std::max(wild_then_calm[i].open, wild_then_calm[i].close) * 1.0005;
    wild_then_calm[i].low = std::min(wild_then_calm[i].open, wild_then_calm[i].close) * 0.9995;
  }
  CHECK(volatility_signal(calm_then_wild).value < -0.5);
  CHECK(volatility_signal(wild_then_calm).value > 0.5);
  // Constant volatility is neutral.
  CHECK(volatility_signal(test::hourly_bars(closes)).value == Approx(0).margin(0.05));
}

TEST_CASE("volume confirms the recent move's direction") {
  auto up = uptrend(40);
  auto down = downtrend(40);
  CHECK(volume_signal(up).value == Approx(0).margin(1e-9)); // usual volume: no say
  for (size_t i = 37; i < 40; ++i) {
    up[i].volume = 300;
    down[i].volume = 300;
  }
  CHECK(volume_signal(up).value > 0.3);
  CHECK(volume_signal(down).value < -0.3);
  // A rise on fading volume counts against it.
  for (size_t i = 37; i < 40; ++i)
    up[i].volume = 30;
  CHECK(volume_signal(up).value < -0.3);
  // No volume in the base window: no data; none recently: finite.
  for (auto& b : up)
    b.volume = 0;
  CHECK_FALSE(volume_signal(up).has_data);
  for (size_t i = 0; i < 37; ++i)
    down[i].volume = 100;
  for (size_t i = 37; i < 40; ++i)
    down[i].volume = 0;
  auto quiet = volume_signal(down);
  CHECK(quiet.has_data);
  CHECK(quiet.value >= -1);
  CHECK(quiet.value <= 1);
}

TEST_CASE("regime and funding: high volatility and crowded longs are bearish") {
  CHECK_FALSE(regime_signal("", nullptr).has_data);
  CHECK_FALSE(regime_signal("sideways", nullptr).has_data);
  CHECK(regime_signal("high_vol", nullptr).value == Approx(-0.5));
  CHECK(regime_signal("low_vol", nullptr).value == Approx(0.5));
  auto d = test::derivatives_of("BTCUSDT", 0.0001);
  CHECK(regime_signal("", &d).value == Approx(0).margin(1e-12)); // the usual rate
  d.funding_rate = 0.003;
  CHECK(regime_signal("", &d).value < -0.99);
  d.funding_rate = -0.001;
  CHECK(regime_signal("", &d).value > 0.9);
  // Both known: their mean.
  d.funding_rate = 0.0001;
  CHECK(regime_signal("low_vol", &d).value == Approx(0.25));
  // Unknown funding is no data, and so is NaN from anywhere.
  d.funding_rate = caf::none;
  CHECK_FALSE(regime_signal("", &d).has_data);
  d.funding_rate = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(regime_signal("", &d).has_data);
}

TEST_CASE("the regime's filtered probability scales its part") {
  // p 0.5 says nothing; p 0.75 half the label's score; p 1 all of it.
  CHECK(regime_signal("high_vol", nullptr, 0.5).value == Approx(0).margin(1e-12));
  CHECK(regime_signal("high_vol", nullptr, 0.75).value == Approx(-0.25));
  CHECK(regime_signal("high_vol", nullptr, 1.0).value == Approx(-0.5));
  CHECK(regime_signal("low_vol", nullptr, 0.9).value == Approx(0.4));
  CHECK(regime_signal("low_vol", nullptr, caf::none).value == Approx(0.5));
}

TEST_CASE("open interest moving sharpens the funding part") {
  // High funding: bearish, more so while open interest falls (longs unwind).
  auto high = test::derivatives_of("BTCUSDT", 0.0004);
  auto high_falling = test::derivatives_of("BTCUSDT", 0.0004, -5.0);
  auto high_score = regime_signal("", &high).value;
  CHECK(high_score < 0);
  CHECK(regime_signal("", &high_falling).value < high_score);
  CHECK(regime_signal("", &high_falling).value == Approx(-std::tanh(0.0003 / 0.0005 * 2)));
  // Negative funding: bullish, more so while open interest rises (shorts pile in).
  auto negative = test::derivatives_of("BTCUSDT", -0.0002);
  auto negative_rising = test::derivatives_of("BTCUSDT", -0.0002, 10.0);
  CHECK(regime_signal("", &negative).value > 0);
  CHECK(regime_signal("", &negative_rising).value > regime_signal("", &negative).value);
  CHECK(regime_signal("", &negative_rising).value == Approx(std::tanh(0.0003 / 0.0005 * 3)));
  // Open interest alone says nothing: the funding gives the direction.
  auto oi_only = test::derivatives_of("BTCUSDT", caf::none, 10.0);
  CHECK_FALSE(regime_signal("", &oi_only).has_data);
  // At the usual rate a moving open interest stays neutral.
  auto usual = test::derivatives_of("BTCUSDT", 0.0001, 20.0);
  CHECK(regime_signal("", &usual).value == Approx(0).margin(1e-12));
}
