#include "runtime/config/symbol.hpp"

#include <catch2/catch.hpp>

using tn::market_kind;

TEST_CASE("every accepted symbol form gives the exchange form") {
  CHECK(tn::to_exchange_symbol("BTCUSDT") == "BTCUSDT");
  CHECK(tn::to_exchange_symbol("btcusdt") == "BTCUSDT");
  CHECK(tn::to_exchange_symbol("BTC/USDT") == "BTCUSDT");
  CHECK(tn::to_exchange_symbol("btc/usdt") == "BTCUSDT");
  CHECK(tn::to_exchange_symbol("BTC/USDT:USDT") == "BTCUSDT");
  CHECK(tn::to_exchange_symbol("1000PEPE/USDT:USDT") == "1000PEPEUSDT");
}

TEST_CASE("the unified form splits at the longest known quote") {
  CHECK(tn::to_unified_symbol("BTCUSDT", market_kind::spot) == "BTC/USDT");
  CHECK(tn::to_unified_symbol("BTCUSDT", market_kind::futures) == "BTC/USDT:USDT");
  CHECK(tn::to_unified_symbol("ETHBTC", market_kind::spot) == "ETH/BTC");
  CHECK(tn::to_unified_symbol("BNBFDUSD", market_kind::spot) == "BNB/FDUSD");
  CHECK(tn::to_unified_symbol("ETHTUSD", market_kind::spot) == "ETH/TUSD");
  CHECK(tn::to_unified_symbol("BTCTRY", market_kind::spot) == "BTC/TRY");
  CHECK(tn::to_unified_symbol("1000SHIBUSDC", market_kind::futures) == "1000SHIB/USDC:USDC");
}

TEST_CASE("a symbol without a known quote stays as it is") {
  CHECK(tn::to_unified_symbol("ABCXYZ", market_kind::spot) == "ABCXYZ");
  // Nothing would be left for the base.
  CHECK(tn::to_unified_symbol("USDT", market_kind::spot) == "USDT");
}

TEST_CASE("all three forms round-trip through both markets") {
  for (auto written : {"BTCUSDT", "btcusdt", "BTC/USDT", "BTC/USDT:USDT"}) {
    CAPTURE(written);
    auto exchange = tn::to_exchange_symbol(written);
    CHECK(exchange == "BTCUSDT");
    auto spot = tn::to_unified_symbol(exchange, market_kind::spot);
    auto futures = tn::to_unified_symbol(exchange, market_kind::futures);
    CHECK(spot == "BTC/USDT");
    CHECK(futures == "BTC/USDT:USDT");
    CHECK(tn::to_exchange_symbol(spot) == exchange);
    CHECK(tn::to_exchange_symbol(futures) == exchange);
  }
}

TEST_CASE("a valid exchange symbol is 5 to 20 upper-case letters and digits") {
  CHECK(tn::is_valid_exchange_symbol("BTCUSDT"));
  CHECK(tn::is_valid_exchange_symbol("ETHBTC"));
  CHECK(tn::is_valid_exchange_symbol("1000SATSUSDT"));
  CHECK(tn::is_valid_exchange_symbol("ABCDE"));
  CHECK(tn::is_valid_exchange_symbol("ABCDEFGHIJ0123456789"));
  CHECK_FALSE(tn::is_valid_exchange_symbol("ABCD"));
  CHECK_FALSE(tn::is_valid_exchange_symbol("ABCDEFGHIJ01234567890"));
  CHECK_FALSE(tn::is_valid_exchange_symbol("btcusdt"));
  CHECK_FALSE(tn::is_valid_exchange_symbol("BTC/USDT"));
  CHECK_FALSE(tn::is_valid_exchange_symbol("BTC-USDT"));
  CHECK_FALSE(tn::is_valid_exchange_symbol(""));
}
