#include "tools/exchange-sim/fixed.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace tn::sim;

TEST_CASE("decimals parse to exact digits and print back unchanged") {
  parsed_decimal d;
  REQUIRE(parse_decimal("117224.79000000", d));
  CHECK(d.decimals == 8);
  CHECK(format_fixed(d.digits, d.decimals) == "117224.79000000");
  REQUIRE(parse_decimal("31584", d));
  CHECK(d.decimals == 0);
  CHECK(format_fixed(d.digits, 0) == "31584");
  REQUIRE(parse_decimal("0.00000638", d));
  CHECK(format_fixed(d.digits, 8) == "0.00000638");
  CHECK(format_fixed(rescale(d.digits, 8, 10), 10) == "0.0000063800");
}

TEST_CASE("malformed decimals are rejected") {
  parsed_decimal d;
  for (auto text : {"", ".", "1.", ".5", "1.2.3", "-1", "1e5", "12a", "1234567890123456789012345678901"})
    CHECK_FALSE(parse_decimal(text, d));
}

TEST_CASE("decimals longer than 18 digits parse exactly, and a prefix stops at the field's end") {
  parsed_decimal d;
  REQUIRE(parse_decimal("12345678901234567890.12345678", d));
  CHECK(d.decimals == 8);
  CHECK(format_fixed(d.digits, 8) == "12345678901234567890.12345678");
  REQUIRE(parse_decimal("123456789012345678", d));
  CHECK(format_fixed(d.digits, 0) == "123456789012345678");
  std::string row = "33.1730,31584";
  auto end = row.data() + row.size();
  auto stop = parse_decimal_prefix(row.data(), end, d);
  REQUIRE(stop == row.data() + 7);
  CHECK(format_fixed(d.digits, d.decimals) == "33.1730");
  CHECK(parse_decimal_prefix(stop + 1, end, d) == end);
  CHECK(d.digits == 31584);
  CHECK(parse_decimal_prefix(stop, end, d) == nullptr);
}

TEST_CASE("parse_fixed refuses more decimals than the scale") {
  units v = 0;
  REQUIRE(parse_fixed("0.01", 8, v));
  CHECK(v == 1'000'000);
  CHECK_FALSE(parse_fixed("0.000000001", 8, v));
}

TEST_CASE("values beyond 64 bits print exactly") {
  units big = pow10(20) * 123 + 45;
  CHECK(format_fixed(big, 8) == "123000000000000.00000045");
  CHECK(format_fixed(5, 3) == "0.005");
  CHECK(format_fixed(0, 0) == "0");
}

TEST_CASE("grid arithmetic") {
  CHECK(gcd(0, 12) == 12);
  CHECK(gcd(18, 12) == 6);
  CHECK(round_to(149, 100) == 100);
  CHECK(round_to(150, 100) == 200);
  CHECK(floor_to(199, 100) == 100);
  CHECK(floor_to(200, 100) == 200);
}
