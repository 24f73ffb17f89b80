#include "tools/exchange-sim/market.hpp"
#include "tools/exchange-sim/render.hpp"
#include "tools/exchange-sim/synthetic.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tn::sim;

namespace {

constexpr int64_t t0 = 1'704'067'200'000;

std::vector<synthetic_symbol> symbols(std::string_view list) {
  std::vector<synthetic_symbol> out;
  std::string error;
  REQUIRE(parse_synthetic_symbols(list, out, error));
  return out;
}

std::vector<kline_series> generate(uint64_t seed, size_t bars, std::string_view list = "BTCUSDT,ETHUSDT,SOLBTC") {
  synthetic_market gen{symbols(list), seed, t0};
  auto series = gen.make_series();
  gen.append(series, bars);
  return series;
}

std::string text_of(const std::vector<kline_series>& all) {
  std::string out;
  for (const auto& s : all)
    for (const auto& k : s.bars)
      append_rest_kline(out, k, s.scale);
  return out;
}

} // namespace

TEST_CASE("the same seed gives the same market, another seed another") {
  CHECK(text_of(generate(7, 300)) == text_of(generate(7, 300)));
  CHECK(text_of(generate(7, 300)) != text_of(generate(8, 300)));
  // Generating in pieces gives the same bars as in one go.
  synthetic_market gen{symbols("BTCUSDT,ETHUSDT,SOLBTC"), 7, t0};
  auto pieces = gen.make_series();
  gen.append(pieces, 100);
  gen.append(pieces, 200);
  CHECK(text_of(pieces) == text_of(generate(7, 300)));
}

TEST_CASE("synthetic bars are well formed and on their grids") {
  auto all = generate(3, 2000);
  for (const auto& s : all) {
    INFO(s.symbol);
    REQUIRE(s.bars.size() == 2000);
    units prev_close = s.bars.front().open;
    for (size_t i = 0; i < s.bars.size(); ++i) {
      const auto& k = s.bars[i];
      REQUIRE(k.open_time == t0 + static_cast<int64_t>(i) * minute_ms);
      REQUIRE(k.close_time == k.open_time + minute_ms - 1);
      REQUIRE(k.open == prev_close);
      REQUIRE(k.low <= std::min(k.open, k.close));
      REQUIRE(k.high >= std::max(k.open, k.close));
      REQUIRE(k.low > 0);
      for (units p : {k.open, k.high, k.low, k.close})
        REQUIRE(p % s.tick == 0);
      REQUIRE(k.volume > 0);
      REQUIRE(k.volume % s.lot == 0);
      REQUIRE(k.taker_base <= k.volume);
      REQUIRE(k.taker_quote <= k.quote_volume);
      REQUIRE(k.trades >= 1);
      // Quote volume / volume is a price inside the bar (within rounding);
      // all three columns are at 8 decimals.
      double vwap = static_cast<double>(k.quote_volume) / static_cast<double>(k.volume) * 1e8;
      REQUIRE(vwap >= static_cast<double>(k.low) * 0.999);
      REQUIRE(vwap <= static_cast<double>(k.high) * 1.001);
      if (i > 0)
        REQUIRE(k.first_trade_id == s.bars[i - 1].last_trade_id() + 1);
      prev_close = k.close;
    }
  }
}

TEST_CASE("start prices, grids and explicit prices") {
  auto all = generate(1, 1, "BTCUSDT,SOLBTC,ETHUSDT:3100.5");
  CHECK(format_fixed(all[0].bars[0].open, 8) == "60000.00000000");
  CHECK(format_fixed(all[0].tick, 8) == "0.01000000");
  CHECK(format_fixed(all[0].lot, 8) == "0.00001000");
  CHECK(format_fixed(all[1].tick, 8) == "0.00000010"); // SOL/BTC ~ 0.0025
  CHECK(format_fixed(all[2].bars[0].open, 8) == "3100.50000000");
  std::vector<synthetic_symbol> out;
  std::string error;
  CHECK_FALSE(parse_synthetic_symbols("BTC-USDT", out, error));
  CHECK_FALSE(parse_synthetic_symbols("BTCUSDT:abc", out, error));
  CHECK_FALSE(parse_synthetic_symbols("", out, error));
}

TEST_CASE("volatility regimes switch, and volatile minutes move more") {
  synthetic_market gen{symbols("BTCUSDT"), 11, t0};
  auto series = gen.make_series();
  double calm_sum = 0, volatile_sum = 0;
  int calm_n = 0, volatile_n = 0, switches = 0;
  regime last = gen.current_regime();
  for (int i = 0; i < 20000; ++i) {
    gen.append(series, 1);
    const auto& k = series[0].bars.back();
    double r = std::log(static_cast<double>(k.close) / static_cast<double>(k.open));
    // The regime of the bar just made is the one current after it.
    if (gen.current_regime() == regime::calm) {
      calm_sum += r * r;
      ++calm_n;
    } else {
      volatile_sum += r * r;
      ++volatile_n;
    }
    switches += gen.current_regime() != last;
    last = gen.current_regime();
  }
  CHECK(switches >= 10);
  REQUIRE(calm_n > 1000);
  REQUIRE(volatile_n > 1000);
  double calm_vol = std::sqrt(calm_sum / calm_n);
  double volatile_vol = std::sqrt(volatile_sum / volatile_n);
  CHECK(volatile_vol > 2 * calm_vol);
  CHECK(calm_vol > 0.0002);
  CHECK(calm_vol < 0.002);
}

TEST_CASE("a synthetic market grows as it is read") {
  market m{synthetic_market{symbols("BTCUSDT,ETHUSDT"), 5, t0}};
  CHECK(m.series()[0].bars.empty());
  CHECK(m.first_open() == t0);
  REQUIRE(m.has_bar(1, 9));
  CHECK(m.series()[0].bars.size() == 10);
  CHECK(m.series()[1].bars.size() == 10);
  m.shift(minute_ms);
  CHECK(m.first_open() == t0 + minute_ms);
  REQUIRE(m.has_bar(0, 10));
  CHECK(m.series()[0].bars[10].open_time == t0 + 11 * minute_ms);
}
