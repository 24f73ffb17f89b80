// Every limit an entry passes, and that none of them blocks an exit.

#include "test/unit/risk/risk_test_util.hpp"

#include <catch2/catch.hpp>

namespace tn {
using namespace test;

namespace {

decision two_legs(trade_action first, trade_action second) {
  decision x;
  x.decisions.push_back({"BTCUSDT", first, 0.1, {}});
  x.decisions.push_back({"ETHUSDT", second, 0, {}});
  return x;
}

} // namespace

TEST_CASE("max_position_pct reduces a higher target to it") {
  risk_engine r{risk_config{}, test_filters()};
  auto plan = r.decide(1, one("BTCUSDT", trade_action::buy, 0.6), inputs(day_one()));
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.05"));
  CHECK(plan.verdicts[0].outcome == risk_outcome::reduced);
  CHECK(plan.verdicts[0].reason
        == "BUY 0.05 BTC (2500.00 USDT) from 0.0% toward 25.0% of equity: target 60.0% capped "
           "at risk.max_position_pct 25.0%");
}

TEST_CASE("max_total_exposure_pct reduces an entry to the room left") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.positions = {holding("ETHUSDT", "4", "2000")}; // 8,000 of 10,000
  in.account = account("10000", "2000");
  auto plan = r.decide(2, one("BTCUSDT", trade_action::buy, 0.25), in);
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.02")); // 1,000 up to the 90 % cap
  CHECK(plan.verdicts[0].outcome == risk_outcome::reduced);
  CHECK(plan.verdicts[0].reason
        == "BUY 0.02 BTC (1000.00 USDT) from 0.0% toward 25.0% of equity: total exposure 80.0% "
           "of equity leaves 1000.00 USDT under risk.max_total_exposure_pct 90.0%");
}

TEST_CASE("max_total_exposure_pct: nothing left refuses the entry with the values") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.positions = {holding("ETHUSDT", "4.5", "2000")}; // 9000 of 10,000: the 90 % cap
  auto plan = r.decide(3, one("BTCUSDT", trade_action::buy, 0.2), in);
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::rejected);
  CHECK(plan.verdicts[0].reason
        == "total exposure 90.0% of equity leaves 0.00 USDT under risk.max_total_exposure_pct "
           "90.0%: what is left, 0.00 USDT, is below the minimum notional 10.00 USDT");
}

TEST_CASE("max_leverage bounds a futures account's exposure") {
  risk_config cfg;
  cfg.market = market_kind::futures;
  cfg.max_leverage = dec("2");
  cfg.max_total_exposure_pct = dec("2");
  REQUIRE(cfg.validate().empty());
  risk_engine r{cfg, test_filters(market_kind::futures)};
  auto in = inputs(day_one());
  in.positions = {holding("ETHUSDT", "9", "2000")}; // 18,000 on 10,000 equity: 1.8x
  in.account = account("10000", "0");              // futures: no spot cash limit
  auto plan = r.decide(4, one("BTCUSDT", trade_action::buy, 0.25), in);
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.04")); // 2,000 left up to 2x
  CHECK(plan.verdicts[0].outcome == risk_outcome::reduced);
  CHECK(plan.verdicts[0].reason.find("total exposure 180.0% of equity leaves 2000.00 USDT under "
                                     "risk.max_total_exposure_pct 200.0% (risk.max_leverage 2x)")
        != std::string::npos);
}

TEST_CASE("spot entries spend only the free quote balance") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.account = account("10000", "500");
  auto plan = r.decide(5, one("BTCUSDT", trade_action::buy, 0.2), in);
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.01"));
  CHECK(plan.verdicts[0].reason.find("only 500.00 USDT free to spend") != std::string::npos);
}

TEST_CASE("the symbol whitelist refuses entries elsewhere, exits still go") {
  risk_config cfg;
  cfg.symbols = {"ETHUSDT"};
  risk_engine r{cfg, test_filters()};
  auto in = inputs(day_one());
  auto plan = r.decide(6, one("BTCUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::rejected);
  CHECK(plan.verdicts[0].reason == "BTCUSDT is not in risk.symbols");
  in.positions = {holding("BTCUSDT", "0.02", "50000")};
  plan = r.decide(7, one("BTCUSDT", trade_action::sell, 0), in);
  CHECK(plan.exits.size() == 1);
}

TEST_CASE("max_orders_per_minute refuses entries in event time, never exits") {
  risk_config cfg;
  cfg.max_orders_per_minute = 2;
  risk_engine r{cfg, test_filters()};
  auto t0 = day_one();
  auto in = inputs(t0);
  in.positions = {holding("ETHUSDT", "1", "2000")};
  auto plan = r.decide(8, two_legs(trade_action::buy, trade_action::sell), in);
  CHECK(plan.orders.size() == 1);
  CHECK(plan.exits.size() == 1);
  in.now = t0 + std::chrono::seconds{59};
  plan = r.decide(9, one("SOLUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].reason
        == "risk.max_orders_per_minute 2 reached: 2 orders in the last 60 s");
  plan = r.decide(10, one("ETHUSDT", trade_action::sell, 0), in);
  CHECK(plan.exits.size() == 1); // an exit goes whatever the count
  in.now = t0 + std::chrono::seconds{60}; // the first two left the window
  in.positions.clear();
  plan = r.decide(11, one("SOLUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.orders.size() == 1);
  plan = r.decide(12, one("ETHUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.orders.empty()); // the exit at 59 s counts with the entry at 60 s
}

TEST_CASE("min_notional: the config's and the exchange's, whichever is higher") {
  risk_engine r{risk_config{}, test_filters()};
  auto plan = r.decide(13, one("BTCUSDT", trade_action::buy, 0.0005), inputs(day_one()));
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].outcome == risk_outcome::rejected);
  CHECK(plan.verdicts[0].reason
        == "target 0.1% of equity 10000.00 USDT is 5.00 USDT, below the minimum notional 10.00 "
           "USDT");
  risk_config low;
  low.min_notional = dec("1");
  risk_engine e{low, test_filters()};
  plan = e.decide(14, one("BTCUSDT", trade_action::buy, 0.0004), inputs(day_one()));
  CHECK(plan.verdicts[0].reason
        == "target 0.0% of equity 10000.00 USDT is 4.00 USDT, below the minimum notional 5.00 "
           "USDT");
  plan = e.decide(15, one("BTCUSDT", trade_action::buy, 0.0006), inputs(day_one()));
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.00012"));
}

TEST_CASE("max_notional reduces an entry to it") {
  risk_config cfg;
  cfg.max_notional = dec("1000");
  risk_engine r{cfg, test_filters()};
  auto plan = r.decide(16, one("BTCUSDT", trade_action::buy, 0.2), inputs(day_one()));
  REQUIRE(plan.orders.size() == 1);
  CHECK(plan.orders[0].quantity == dec("0.02"));
  CHECK(plan.verdicts[0].outcome == risk_outcome::reduced);
  CHECK(plan.verdicts[0].reason.find("notional 2000.00 USDT capped at the maximum 1000.00 USDT")
        != std::string::npos);
}

TEST_CASE("no new entries while the journal cannot write, exits still go") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.journal_ok = false;
  in.journal_error = "disk full";
  in.positions = {holding("ETHUSDT", "1", "2000")};
  auto plan = r.decide(17, two_legs(trade_action::buy, trade_action::sell), in);
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].reason == "no new entries while the journal cannot write (disk full)");
  CHECK(plan.exits.size() == 1);
}

TEST_CASE("pause refuses entries until resume, exits still go") {
  risk_engine r{risk_config{}, test_filters()};
  CHECK(r.pause());
  CHECK_FALSE(r.pause());
  auto in = inputs(day_one());
  in.positions = {holding("ETHUSDT", "1", "2000")};
  auto plan = r.decide(18, two_legs(trade_action::buy, trade_action::sell), in);
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].reason == "entries are paused by the operator");
  CHECK(plan.exits.size() == 1);
  CHECK(r.resume());
  CHECK_FALSE(r.resume());
  plan = r.decide(19, one("BTCUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.orders.size() == 1);
}

TEST_CASE("an entry the exchange's filters refuse is rejected with the filter's words") {
  auto filters = test_filters();
  filters.symbols["BTCUSDT"].status = "BREAK";
  risk_engine r{risk_config{}, filters};
  auto plan = r.decide(20, one("BTCUSDT", trade_action::buy, 0.1), inputs(day_one()));
  CHECK(plan.orders.empty());
  CHECK(plan.verdicts[0].reason == "exchange filter status: BTCUSDT is BREAK, not TRADING");
  plan = r.decide(21, one("DOGEUSDT", trade_action::buy, 0.1), inputs(day_one()));
  CHECK(plan.verdicts[0].reason == "no exchange filters for DOGEUSDT");
}

TEST_CASE("without the account or the positions no entry is sized") {
  risk_engine r{risk_config{}, test_filters()};
  auto in = inputs(day_one());
  in.account.reset();
  in.account_error = "the broker does not answer (timeout)";
  auto plan = r.decide(22, one("BTCUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.verdicts[0].reason
        == "the account is unknown (the broker does not answer (timeout))");
  in = inputs(day_one());
  in.positions_error = "the tracker does not answer (timeout)";
  plan = r.decide(23, one("BTCUSDT", trade_action::buy, 0.1), in);
  CHECK(plan.verdicts[0].reason
        == "the positions are unknown (the tracker does not answer (timeout))");
}

} // namespace tn
