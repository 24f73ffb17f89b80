// The decision table: BUY to the target, a repeated BUY does nothing, SELL
// closes or reduces, HOLD leaves the position.

#include "test/unit/risk/risk_test_util.hpp"

#include <catch2/catch.hpp>

#include <regex>

namespace tn {
using namespace test;

TEST_CASE("BUY from flat raises the position to the target share of equity") {
  risk_engine r{risk_config{}, test_filters()};
  auto plan = r.decide(7, one("BTCUSDT", trade_action::buy, 0.2), inputs(day_one()));
  REQUIRE(plan.orders.size() == 1);
  auto& o = plan.orders[0];
  CHECK(o.client_id == "tn5eed0001-7-0");
  CHECK(o.decision_id == 7);
  CHECK(o.side == order_side::buy);
  CHECK(o.type == order_type::limit_maker);
  CHECK(o.quantity == dec("0.04")); // 20 % of 10,000 USDT at 50,000
  CHECK(o.price == dec("49999.99")); // maker-only: a tick under the last trade, so it rests
  CHECK(o.reason == order_reason::entry);
  REQUIRE(plan.verdicts.size() == 1);
  CHECK(plan.verdicts[0].outcome == risk_outcome::accepted);
  CHECK(plan.verdicts[0].client_id == "tn5eed0001-7-0");
  CHECK(plan.verdicts[0].reason
        == "BUY 0.04 BTC (2000.00 USDT) from 0.0% toward 20.0% of equity");
  CHECK(plan.exits.empty());
}

TEST_CASE("BUY tops a smaller position up to the target, never above it") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.positions = {holding("BTCUSDT", "0.015", "48000")};
  auto plan = r.decide(8, one("BTCUSDT", trade_action::buy, 0.2), in);
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.025"));
}

TEST_CASE("a repeated BUY at the same target does nothing, also a hair below it") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.positions = {holding("BTCUSDT", "0.04", "50000")};
  auto plan = r.decide(9, one("BTCUSDT", trade_action::buy, 0.2), in);
  CHECK(plan.orders.empty());
  REQUIRE(plan.verdicts.size() == 1);
  CHECK(plan.verdicts[0].outcome == risk_outcome::nothing_to_do);
  CHECK(plan.verdicts[0].reason == "BTCUSDT holds 20.0% of equity, target 20.0%: already there");
  // The price fell a little: the share is a hair below the target, by less
  // than the smallest order.
  in.prices["BTCUSDT"] = dec("49900");
  plan = r.decide(10, one("BTCUSDT", trade_action::buy, 0.2), in);
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::nothing_to_do);
  CHECK(plan.verdicts[0].reason
        == "BTCUSDT holds 20.0% of equity, target 20.0%: short by 4.00 USDT, less than the "
           "smallest order 10.00 USDT");
}

TEST_CASE("risk.min_add_pct: a held position is topped up only when short by more than the band") {
  risk_config cfg;
  cfg.min_add_pct = dec("0.1"); // 10 % of a 2000 USDT target: adds of 200 USDT or more
  risk_engine r{cfg, test_filters()};
  auto in = inputs(day_one());
  // 0.037 BTC at 50,000 is 1850 USDT: 150 USDT short, above the smallest
  // order but inside the band.
  in.positions = {holding("BTCUSDT", "0.037", "50000")};
  auto plan = r.decide(11, one("BTCUSDT", trade_action::buy, 0.2), in);
  CHECK(plan.orders.empty());
  REQUIRE(plan.verdicts.size() == 1);
  CHECK(plan.verdicts[0].outcome == risk_outcome::nothing_to_do);
  CHECK(plan.verdicts[0].reason
        == "BTCUSDT holds 18.5% of equity, target 20.0%: short by 150.00 USDT, less than "
           "risk.min_add_pct 10.0% of the target (200.00 USDT)");
  // 0.035 BTC is 250 USDT short: outside the band, topped up to the target.
  in.positions = {holding("BTCUSDT", "0.035", "50000")};
  plan = r.decide(12, one("BTCUSDT", trade_action::buy, 0.2), in);
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.005"));
  // The band is about adding: an entry from flat is not held back by it
  // (a fresh engine: the order above is still in flight in this one).
  risk_engine fresh{cfg, test_filters()};
  in.positions.clear();
  plan = fresh.decide(13, one("BTCUSDT", trade_action::buy, 0.02), in);
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.004"));
}

TEST_CASE("a BUY below the current share does nothing: a BUY never sells") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.positions = {holding("BTCUSDT", "0.04", "50000")}; // 20 %
  auto plan = r.decide(19, one("BTCUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.orders.empty());
  CHECK(plan.exits.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::nothing_to_do);
  CHECK(plan.verdicts[0].reason == "BTCUSDT holds 20.0% of equity, target 10.0%: already there");
}

TEST_CASE("a BUY repeated before the first one filled counts the order in flight") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  auto first = r.decide(1, one("BTCUSDT", trade_action::buy, 0.2), in);
  REQUIRE(first.orders.size() == 1);
  auto again = r.decide(2, one("BTCUSDT", trade_action::buy, 0.2), in);
  CHECK(again.orders.empty());
  CHECK(again.verdicts[0].outcome == risk_outcome::nothing_to_do);
  // Half filled, then canceled: the rest no longer counts.
  fill f;
  f.client_id = "tn5eed0001-1-0";
  f.quantity = dec("0.02");
  r.on_fill(f);
  CHECK(r.in_flight("BTCUSDT") == dec("0.02"));
  order_update u;
  u.client_id = "tn5eed0001-1-0";
  u.state = order_state::canceled;
  r.on_update(u);
  CHECK(r.in_flight("BTCUSDT").is_zero());
  in.positions = {holding("BTCUSDT", "0.02", "50000")};
  auto third = r.decide(3, one("BTCUSDT", trade_action::buy, 0.2), in);
  REQUIRE(third.orders.size() == 1);
  CHECK(third.orders[0].quantity == dec("0.02"));
}

TEST_CASE("SELL with 0 closes the position through the tracker") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.positions = {holding("BTCUSDT", "0.04", "50000")};
  auto plan = r.decide(11, one("BTCUSDT", trade_action::sell, 0), in);
  CHECK(plan.orders.empty());
  REQUIRE(plan.exits.size() == 1);
  CHECK(plan.exits[0].symbol == "BTCUSDT");
  CHECK(plan.exits[0].reason == order_reason::model_sell);
  CHECK(plan.exits[0].decision_id == 11);
  CHECK(plan.exits[0].keep_quantity.is_zero());
  CHECK(plan.verdicts[0].outcome == risk_outcome::accepted);
  CHECK(plan.verdicts[0].reason == "SELL closes BTCUSDT (0.04)");
}

TEST_CASE("SELL below the current share reduces to it; at or above it, closes") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.positions = {holding("BTCUSDT", "0.04", "50000")};
  auto plan = r.decide(12, one("BTCUSDT", trade_action::sell, 0.1), in);
  REQUIRE(plan.exits.size() == 1);
  CHECK(plan.exits[0].reason == order_reason::reduce);
  CHECK(plan.exits[0].keep_quantity == dec("0.02"));
  CHECK(plan.verdicts[0].quantity == dec("0.02"));
  CHECK(plan.verdicts[0].reason
        == "SELL reduces BTCUSDT from 20.0% to 10.0% of equity: keeps 0.02 of 0.04");
  plan = r.decide(13, one("BTCUSDT", trade_action::sell, 0.3), in);
  REQUIRE(plan.exits.size() == 1);
  CHECK(plan.exits[0].keep_quantity.is_zero());
  CHECK(plan.verdicts[0].reason
        == "SELL closes BTCUSDT (0.04): target 30.0% is not below its share 20.0%");
  // A reduction smaller than the smallest order is nothing to do.
  plan = r.decide(14, one("BTCUSDT", trade_action::sell, 0.1999), in);
  CHECK(plan.exits.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::nothing_to_do);
}

TEST_CASE("SELL without a position and HOLD do nothing") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  auto plan = r.decide(15, one("BTCUSDT", trade_action::sell, 0), in);
  CHECK(plan.exits.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::nothing_to_do);
  CHECK(plan.verdicts[0].reason == "no BTCUSDT position to sell");
  in.positions = {holding("BTCUSDT", "0.04", "50000")};
  plan = r.decide(16, one("BTCUSDT", trade_action::hold, 0.9), in);
  CHECK(plan.orders.empty());
  CHECK(plan.exits.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::nothing_to_do);
  CHECK(plan.verdicts[0].reason == "HOLD leaves BTCUSDT as it is");
}

TEST_CASE("entries round the quantity down to the step and the price down to the tick") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.prices["BTCUSDT"] = dec("12345.678");
  auto plan = r.decide(17, one("BTCUSDT", trade_action::buy, 0.2), in);
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].price == dec("12345.67"));
  CHECK(plan.orders[0].quantity == dec("0.16200")); // 2000 / 12345.67 = 0.162000...
  CHECK(mul(plan.orders[0].quantity, plan.orders[0].price) <= dec("2000"));
  risk_config market;
  market.entry_type = order_type::market;
  risk_engine m{market, test_filters()};
  plan = m.decide(18, one("SOLUSDT", trade_action::buy, 0.1), in);
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].type == order_type::market);
  CHECK(plan.orders[0].price.is_zero());
  CHECK(plan.orders[0].quantity == dec("6.66")); // 1000 / 150, down to 0.01
}

TEST_CASE("client ids are deterministic and fit Binance's pattern") {
  CHECK(entry_client_id("5eed0001", 42, 1) == "tn5eed0001-42-1");
  CHECK(entry_client_id("5eed0001", 42, 1) == entry_client_id("5eed0001", 42, 1));
  // Another journal, the same decision id: another id.
  CHECK(entry_client_id("0badcafe", 42, 1) != entry_client_id("5eed0001", 42, 1));
  // The longest, with the market fallback's "m": spot's pattern is the
  // stricter one.
  auto longest = entry_client_id("ffffffff", UINT64_MAX, 999) + "m";
  CHECK(longest.size() <= 36);
  CHECK(std::regex_match(longest, std::regex{R"(^[a-zA-Z0-9_-]{1,36}$)"}));
}

TEST_CASE("no entry without the journal's client id epoch") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.client_id_epoch.clear();
  in.epoch_error = "the journal does not answer";
  auto plan = r.decide(7, one("BTCUSDT", trade_action::buy, 0.2), in);
  CHECK(plan.orders.empty());
  REQUIRE(plan.verdicts.size() == 1);
  CHECK(plan.verdicts[0].outcome == risk_outcome::rejected);
  CHECK(plan.verdicts[0].reason.find("client id epoch is unknown (the journal does not answer)")
        != std::string::npos);
}

} // namespace tn
