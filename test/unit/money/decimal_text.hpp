#pragma once

// Decimals from their text (as Binance and the reports write them), for tests.

#include "runtime/money/decimal.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace tn::test {

inline decimal dec(const std::string& text) {
  auto x = decimal::parse(text);
  REQUIRE(x);
  return *x;
}

} // namespace tn::test
