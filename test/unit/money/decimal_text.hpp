#pragma once

// Decimals from their text (as Binance and the reports write them), for tests.

#include "runtime/money/decimal.hpp"

#include <catch2/catch.hpp>

#include <string_view>

namespace tn::test {

/// The decimal `text` spells; the test fails on a typo.
inline decimal dec(std::string_view text) {
  auto x = decimal::parse(text);
  REQUIRE(x);
  return *x;
}

} // namespace tn::test
