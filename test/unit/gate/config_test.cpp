#include "actors/gate/gate_config.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE("the default gate config is valid and follows the style's interval") {
  gate_config cfg;
  CHECK(cfg.validate() == "");
  CHECK(cfg.max_decisions_per_day == 48);
  CHECK(cfg.close_interval("BTCUSDT") == interval::h4);
  cfg.style = trading_style::daily;
  CHECK(cfg.close_interval("BTCUSDT") == interval::d1);
  cfg.style_intervals[trading_style::daily] = interval::h1; // a per-style override
  CHECK(cfg.close_interval("BTCUSDT") == interval::h1);
  cfg.symbol_intervals["ETHUSDT"] = interval::d1; // a per-symbol override wins
  CHECK(cfg.close_interval("ETHUSDT") == interval::d1);
  CHECK(cfg.close_interval("BTCUSDT") == interval::h1);
  CHECK(cfg.validate() == "");
}

TEST_CASE("trading styles parse from their names") {
  auto x = trading_style::swing;
  CHECK(parse_trading_style("daily", x));
  CHECK(x == trading_style::daily);
  CHECK(parse_trading_style("swing", x));
  CHECK(x == trading_style::swing);
  CHECK_FALSE(parse_trading_style("SCALP", x));
}

TEST_CASE("an unusable gate config names the key and the reason") {
  gate_config cfg;
  std::string key;
  SECTION("min_check") {
    cfg.min_check = 0s;
    key = "gate.min_check";
  }
  SECTION("max_check") {
    cfg.max_check = cfg.min_check - 1s;
    key = "gate.max_check";
  }
  SECTION("min_spacing") {
    cfg.min_spacing = cfg.min_check + 1s;
    key = "gate.min_spacing";
  }
  SECTION("cooldown") {
    cfg.cooldown = -1s;
    key = "gate.cooldown";
  }
  SECTION("window") {
    cfg.zscore_window = 1;
    key = "gate.zscore_window";
  }
  SECTION("min samples") {
    cfg.zscore_min_samples = cfg.zscore_window + 1;
    key = "gate.zscore_min_samples";
  }
  SECTION("price threshold") {
    cfg.zscore_price_threshold = std::numeric_limits<double>::quiet_NaN();
    key = "gate.zscore_price_threshold";
  }
  SECTION("volume threshold") {
    cfg.zscore_volume_threshold = 0;
    key = "gate.zscore_volume_threshold";
  }
  SECTION("funding threshold") {
    cfg.funding_threshold = GENERATE(-0.0001, 0.02, std::numeric_limits<double>::infinity());
    key = "gate.funding_threshold";
  }
  SECTION("funding lead") {
    cfg.funding_lead = GENERATE(timespan{-1s}, timespan{8h + 1s});
    key = "gate.funding_lead";
  }
  SECTION("cap") {
    cfg.max_decisions_per_day = 0;
    key = "gate.max_decisions_per_day";
  }
  SECTION("style without interval") {
    cfg.style_intervals.erase(trading_style::swing);
    key = "gate.style_intervals";
  }
  SECTION("a close interval that alone exceeds the cap") {
    cfg.symbol_intervals["BTCUSDT"] = interval::m15; // 96 closes a day > 48
    key = "gate.symbol_intervals.BTCUSDT";
  }
  auto why = cfg.validate();
  INFO(why);
  CHECK(why.rfind(key, 0) == 0);
}
