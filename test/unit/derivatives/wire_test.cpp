// The Binance futures answers the derivatives monitor reads, on real bodies
// where ../shared/data has them and on the documented shapes otherwise.

#include "actors/derivatives/derivatives_wire.hpp"
#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>

using namespace tn;

TEST_CASE("premiumIndex: the real all-symbol body, every entry with its own symbol") {
  auto body = test::read_file(test::shared_data("futures_um/premiumIndex-2025-06-17.json"));
  REQUIRE(!body.empty());
  std::vector<premium_index> all;
  std::string error;
  REQUIRE(parse_premium_index(body, all, error));
  CHECK(all.size() == 521);
  auto find = [&](const std::string& s) {
    for (auto& p : all)
      if (p.symbol == s)
        return p;
    FAIL("no " << s);
    return premium_index{};
  };
  auto btc = find("BTCUSDT");
  CHECK(btc.mark_price == Approx(106599.9));
  CHECK(btc.funding_rate == Approx(0.00004758));
  CHECK(to_unix_ms(btc.next_funding) == 1750176000000); // 2025-06-17 16:00 UTC
  CHECK(to_unix_ms(btc.time) == 1750149488000);
  auto eth = find("ETHUSDT");
  CHECK(eth.funding_rate == Approx(0.0001));
  CHECK(eth.mark_price == Approx(2575.46));
}

TEST_CASE("premiumIndex: one object when asked with a symbol (docs example)") {
  std::vector<premium_index> out;
  std::string error;
  REQUIRE(parse_premium_index(
    R"({"symbol":"BTCUSDT","markPrice":"11793.63104562","indexPrice":"11781.80495970",)"
    R"("estimatedSettlePrice":"11781.16138815","lastFundingRate":"0.00038246",)"
    R"("interestRate":"0.00010000","nextFundingTime":1597392000000,"time":1597370495002})",
    out, error));
  REQUIRE(out.size() == 1);
  CHECK(out[0].symbol == "BTCUSDT");
  CHECK(out[0].funding_rate == Approx(0.00038246));
  CHECK(to_unix_ms(out[0].next_funding) == 1597392000000);
}

TEST_CASE("premiumIndex: malformed bodies are refused with a reason") {
  std::vector<premium_index> out;
  std::string error;
  CHECK_FALSE(parse_premium_index("", out, error));
  CHECK_FALSE(parse_premium_index(R"({"symbol":"BTCUSDT","markPrice":"1"})", out, error));
  CHECK(error.find("premiumIndex") != std::string::npos);
  // A number where Binance sends a decimal string.
  CHECK_FALSE(parse_premium_index(
    R"([{"symbol":"BTCUSDT","markPrice":1,"lastFundingRate":"0.0001","nextFundingTime":1,"time":1}])",
    out, error));
  CHECK(out.empty());
  CHECK(error == "premiumIndex: malformed entry 0");
}

TEST_CASE("openInterest: the real body") {
  auto body = test::read_file(test::shared_data("futures_um/BTCUSDT-openInterest-2024-06-04.json"));
  open_interest_sample oi;
  std::string error;
  REQUIRE(parse_open_interest(body, oi, error));
  CHECK(oi.symbol == "BTCUSDT");
  CHECK(oi.open_interest == Approx(80579.225));
  CHECK(to_unix_ms(oi.time) == 1717514517019);
  CHECK_FALSE(parse_open_interest(R"({"openInterest":"1","time":1})", oi, error));
  CHECK(error == "openInterest: malformed body");
}

TEST_CASE("openInterestHist and globalLongShortAccountRatio: timestamps as numbers or strings") {
  std::vector<open_interest_sample> hist;
  std::string error;
  REQUIRE(parse_open_interest_hist(
    R"([{"symbol":"BTCUSDT","sumOpenInterest":"20403.63700000",)"
    R"("sumOpenInterestValue":"150570784.07809979","timestamp":"1583127900000"},)"
    R"({"symbol":"BTCUSDT","sumOpenInterest":"20401.36700000",)"
    R"("sumOpenInterestValue":"149940752.14464448","timestamp":1583128200000}])",
    hist, error));
  REQUIRE(hist.size() == 2);
  CHECK(hist[0].open_interest == Approx(20403.637));
  CHECK(to_unix_ms(hist[0].time) == 1583127900000);
  CHECK(to_unix_ms(hist[1].time) == 1583128200000);

  std::vector<long_short_sample> ratio;
  REQUIRE(parse_long_short_ratio(
    R"([{"symbol":"BTCUSDT","longShortRatio":"0.1960","longAccount":"0.6622",)"
    R"("shortAccount":"0.3378","timestamp":1583139600000}])",
    ratio, error));
  REQUIRE(ratio.size() == 1);
  CHECK(ratio[0].ratio == Approx(0.196));
  CHECK(ratio[0].long_account == Approx(0.6622));
  CHECK(ratio[0].short_account == Approx(0.3378));
  CHECK(to_unix_ms(ratio[0].time) == 1583139600000);

  CHECK(parse_long_short_ratio("[]", ratio, error));
  CHECK(ratio.empty());
  CHECK_FALSE(parse_long_short_ratio(R"({"code":-1121,"msg":"Invalid symbol."})", ratio, error));
  CHECK(error == "globalLongShortAccountRatio: body is not a JSON array");
  CHECK_FALSE(parse_open_interest_hist(R"([{"symbol":"BTCUSDT","timestamp":"x"}])", hist, error));
  CHECK(error == "openInterestHist: malformed entry 0");
}

TEST_CASE("request targets after the REST URL's path") {
  CHECK(derivs_target("", derivs_query::premium_index, "BTCUSDT", "5m", 1)
        == "/fapi/v1/premiumIndex?symbol=BTCUSDT");
  CHECK(derivs_target("/proxy", derivs_query::open_interest, "ETHUSDT", "5m", 1)
        == "/proxy/fapi/v1/openInterest?symbol=ETHUSDT");
  CHECK(derivs_target("", derivs_query::open_interest_hist, "BTCUSDT", "5m", 13)
        == "/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=13");
  CHECK(derivs_target("", derivs_query::long_short_ratio, "BTCUSDT", "15m", 1)
        == "/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=15m&limit=1");
}
