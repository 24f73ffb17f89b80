#include "runtime/money/decimal.hpp"
#include "test/unit/money/decimal_text.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace tn;
using tn::test::dec;

TEST_CASE("decimal: parses Binance's strings exactly") {
  CHECK(dec("117224.79000000").units == 11722479000000);
  CHECK(dec("0.00000001").units == 1);
  CHECK(dec("0").units == 0);
  CHECK(dec("-1.5").units == -150000000);
  CHECK(dec("31584").units == 3158400000000);
  CHECK(dec("0.1") + dec("0.2") == dec("0.3")); // what doubles get wrong
  // Padding beyond 8 decimals is fine only when it is zeros.
  CHECK(dec("1.0000000000") == dec("1"));
}

TEST_CASE("decimal: refuses what is not a plain decimal in range") {
  for (const char* bad : {"", "-", ".5", "5.", "1e5", "1.2.3", "12a", "+1", " 1", "inf",
                          "nan", "0.000000001", "1.123456789", "92233720369", "-92233720369"})
    CHECK_FALSE(decimal::parse(bad));
  CHECK(decimal::parse("92233720368.54775807"));
}

TEST_CASE("decimal: prints the shortest exact text and fixed widths") {
  CHECK(to_string(dec("117224.79000000")) == "117224.79");
  CHECK(to_string(dec("0.00100000")) == "0.001");
  CHECK(to_string(dec("-5")) == "-5");
  CHECK(to_string(dec("0")) == "0");
  CHECK(to_string(dec("0.00000001")) == "0.00000001");
  CHECK(to_string(dec("117224.79"), 8) == "117224.79000000");
  CHECK(to_string(dec("1.005"), 2) == "1.01"); // half away from zero, exactly
  CHECK(to_string(dec("-1.005"), 2) == "-1.01");
  CHECK(to_string(dec("0.004"), 2) == "0.00");
  CHECK(to_string(dec("12.5"), 0) == "13");
  for (const char* s : {"1", "0.1", "123.456", "-0.00000001", "92233720368.54775807"})
    CHECK(to_string(dec(s)) == s);
}

TEST_CASE("decimal: multiplication and division round as told") {
  CHECK(mul(dec("117224.79"), dec("0.001")) == dec("117.22479"));
  CHECK(mul(dec("0.00000001"), dec("0.5"), rounding::down) == dec("0"));
  CHECK(mul(dec("0.00000001"), dec("0.5"), rounding::up) == dec("0.00000001"));
  CHECK(mul(dec("0.00000001"), dec("0.5"), rounding::nearest) == dec("0.00000001"));
  CHECK(mul(dec("-0.00000001"), dec("0.5"), rounding::down) == dec("0"));
  CHECK(mul(dec("-0.00000001"), dec("0.5"), rounding::up) == dec("-0.00000001"));
  CHECK(div(dec("100"), dec("3"), rounding::down) == dec("33.33333333"));
  CHECK(div(dec("100"), dec("3"), rounding::up) == dec("33.33333334"));
  CHECK(div(dec("-100"), dec("3"), rounding::down) == dec("-33.33333333"));
  CHECK(div(dec("100"), dec("-4")) == dec("-25"));
  CHECK(div(dec("1"), dec("0")) == dec("0"));
  // A quantity for a notional: 1000 USDT at 117224.79 per BTC.
  CHECK(div(dec("1000"), dec("117224.79"), rounding::down) == dec("0.00853061"));
}

TEST_CASE("decimal: saturates instead of wrapping") {
  auto big = dec("90000000000");
  CHECK(mul(big, dec("2")).units == std::numeric_limits<int64_t>::max());
  CHECK(mul(-big, dec("2")).units == std::numeric_limits<int64_t>::min());
  CHECK(div(big, dec("0.5")).units == std::numeric_limits<int64_t>::max());
}

TEST_CASE("decimal: rounding to tick and lot sizes") {
  auto tick = dec("0.01");
  CHECK(round_to_step(dec("117224.789"), tick) == dec("117224.78"));
  CHECK(round_to_step(dec("117224.789"), tick, rounding::up) == dec("117224.79"));
  CHECK(round_to_step(dec("117224.785"), tick, rounding::nearest) == dec("117224.79"));
  CHECK(round_to_step(dec("117224.784"), tick, rounding::nearest) == dec("117224.78"));
  CHECK(round_to_step(dec("117224.78"), tick, rounding::up) == dec("117224.78"));
  auto lot = dec("0.00001000");
  CHECK(round_to_step(dec("0.00853061"), lot) == dec("0.00853"));
  CHECK(round_to_step(dec("5"), dec("0")) == dec("5"));
  // Steps that are not powers of ten (some futures ticks).
  CHECK(round_to_step(dec("1.37"), dec("0.05")) == dec("1.35"));
  CHECK(round_to_step(dec("1.37"), dec("0.05"), rounding::up) == dec("1.4"));
  CHECK(decimals_of(dec("0.00100000")) == 3);
  CHECK(decimals_of(dec("1")) == 0);
  CHECK(decimals_of(dec("0.05")) == 2);
  CHECK(decimals_of(dec("10")) == 0);
}

TEST_CASE("decimal: the analytics boundary") {
  CHECK(decimal::from_double(0.1) == dec("0.1"));
  CHECK(decimal::from_double(0.123456789, rounding::down) == dec("0.12345678"));
  CHECK(decimal::from_double(0.123456789, rounding::up) == dec("0.12345679"));
  CHECK_FALSE(decimal::from_double(std::numeric_limits<double>::quiet_NaN()));
  CHECK_FALSE(decimal::from_double(std::numeric_limits<double>::infinity()));
  CHECK_FALSE(decimal::from_double(1e12));
  CHECK(to_double(dec("117224.79")) == Approx(117224.79));
}
