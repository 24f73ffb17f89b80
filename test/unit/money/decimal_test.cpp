#include "runtime/money/decimal.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace tn;

namespace {

decimal d(const char* text) {
  auto x = decimal::parse(text);
  REQUIRE(x);
  return *x;
}

} // namespace

TEST_CASE("decimal: parses Binance's strings exactly") {
  CHECK(d("117224.79000000").units == 11722479000000);
  CHECK(d("0.00000001").units == 1);
  CHECK(d("0").units == 0);
  CHECK(d("-1.5").units == -150000000);
  CHECK(d("31584").units == 3158400000000);
  CHECK(d("0.1") + d("0.2") == d("0.3")); // what doubles get wrong
  // Padding beyond 8 decimals is fine only when it is zeros.
  CHECK(d("1.0000000000") == d("1"));
}

TEST_CASE("decimal: refuses what is not a plain decimal in range") {
  for (const char* bad : {"", "-", ".5", "5.", "1e5", "1.2.3", "12a", "+1", " 1", "inf",
                          "nan", "0.000000001", "1.123456789", "92233720369", "-92233720369"})
    CHECK_FALSE(decimal::parse(bad));
  CHECK(decimal::parse("92233720368.54775807"));
}

TEST_CASE("decimal: prints the shortest exact text and fixed widths") {
  CHECK(to_string(d("117224.79000000")) == "117224.79");
  CHECK(to_string(d("0.00100000")) == "0.001");
  CHECK(to_string(d("-5")) == "-5");
  CHECK(to_string(d("0")) == "0");
  CHECK(to_string(d("0.00000001")) == "0.00000001");
  CHECK(to_string(d("117224.79"), 8) == "117224.79000000");
  CHECK(to_string(d("1.005"), 2) == "1.01"); // half away from zero, exactly
  CHECK(to_string(d("-1.005"), 2) == "-1.01");
  CHECK(to_string(d("0.004"), 2) == "0.00");
  CHECK(to_string(d("12.5"), 0) == "13");
  for (const char* s : {"1", "0.1", "123.456", "-0.00000001", "92233720368.54775807"})
    CHECK(to_string(d(s)) == s);
}

TEST_CASE("decimal: multiplication and division round as told") {
  CHECK(mul(d("117224.79"), d("0.001")) == d("117.22479"));
  CHECK(mul(d("0.00000001"), d("0.5"), rounding::down) == d("0"));
  CHECK(mul(d("0.00000001"), d("0.5"), rounding::up) == d("0.00000001"));
  CHECK(mul(d("0.00000001"), d("0.5"), rounding::nearest) == d("0.00000001"));
  CHECK(mul(d("-0.00000001"), d("0.5"), rounding::down) == d("0"));
  CHECK(mul(d("-0.00000001"), d("0.5"), rounding::up) == d("-0.00000001"));
  CHECK(div(d("100"), d("3"), rounding::down) == d("33.33333333"));
  CHECK(div(d("100"), d("3"), rounding::up) == d("33.33333334"));
  CHECK(div(d("-100"), d("3"), rounding::down) == d("-33.33333333"));
  CHECK(div(d("100"), d("-4")) == d("-25"));
  CHECK(div(d("1"), d("0")) == d("0"));
  // A quantity for a notional: 1000 USDT at 117224.79 per BTC.
  CHECK(div(d("1000"), d("117224.79"), rounding::down) == d("0.00853061"));
}

TEST_CASE("decimal: saturates instead of wrapping") {
  auto big = d("90000000000");
  CHECK(mul(big, d("2")).units == std::numeric_limits<int64_t>::max());
  CHECK(mul(-big, d("2")).units == std::numeric_limits<int64_t>::min());
  CHECK(div(big, d("0.5")).units == std::numeric_limits<int64_t>::max());
}

TEST_CASE("decimal: rounding to tick and lot sizes") {
  auto tick = d("0.01");
  CHECK(round_to_step(d("117224.789"), tick) == d("117224.78"));
  CHECK(round_to_step(d("117224.789"), tick, rounding::up) == d("117224.79"));
  CHECK(round_to_step(d("117224.785"), tick, rounding::nearest) == d("117224.79"));
  CHECK(round_to_step(d("117224.784"), tick, rounding::nearest) == d("117224.78"));
  CHECK(round_to_step(d("117224.78"), tick, rounding::up) == d("117224.78"));
  auto lot = d("0.00001000");
  CHECK(round_to_step(d("0.00853061"), lot) == d("0.00853"));
  CHECK(round_to_step(d("5"), d("0")) == d("5"));
  // Steps that are not powers of ten (some futures ticks).
  CHECK(round_to_step(d("1.37"), d("0.05")) == d("1.35"));
  CHECK(round_to_step(d("1.37"), d("0.05"), rounding::up) == d("1.4"));
  CHECK(decimals_of(d("0.00100000")) == 3);
  CHECK(decimals_of(d("1")) == 0);
  CHECK(decimals_of(d("0.05")) == 2);
  CHECK(decimals_of(d("10")) == 0);
}

TEST_CASE("decimal: the analytics boundary") {
  CHECK(decimal::from_double(0.1) == d("0.1"));
  CHECK(decimal::from_double(0.123456789, rounding::down) == d("0.12345678"));
  CHECK(decimal::from_double(0.123456789, rounding::up) == d("0.12345679"));
  CHECK_FALSE(decimal::from_double(std::numeric_limits<double>::quiet_NaN()));
  CHECK_FALSE(decimal::from_double(std::numeric_limits<double>::infinity()));
  CHECK_FALSE(decimal::from_double(1e12));
  CHECK(to_double(d("117224.79")) == Approx(117224.79));
}
