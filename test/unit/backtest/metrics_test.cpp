#include "backtest/report/metrics.hpp"
#include "test/unit/money/decimal_text.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace tn::backtest;
using tn::test::dec;

namespace {

// A quarter of a 365-day year: four steps make exactly one year.
constexpr auto step = std::chrono::hours{91 * 24 + 6};

timestamp at(int i) {
  return from_unix_ms(1'700'000'000'000) + step * i;
}

trade_row trade(const char* symbol, const char* pnl, const char* fees) {
  trade_row t;
  t.symbol = symbol;
  t.pnl = dec(pnl);
  t.fees = dec(fees);
  return t;
}

fill_row fill(const char* symbol, const char* fee) {
  fill_row f;
  f.symbol = symbol;
  f.fee = dec(fee);
  return f;
}

// The hand-worked series. Equity 1000, 1100, 990, 1045, 1210 at steps 0..4,
// in a position (exposure 100) over steps 1 and 2 only.
record sample_run() {
  record r;
  r.starting_equity = dec("1000");
  const char* eq[] = {"1000", "1100", "990", "1045", "1210"};
  const char* ex[] = {"0", "100", "100", "0", "0"};
  for (int i = 0; i < 5; ++i)
    r.equity.push_back({at(i), dec(eq[i]), dec(ex[i])});
  r.trades = {trade("BTCUSDT", "30", "2"), trade("BTCUSDT", "-10", "1"),
              trade("ETHUSDT", "20", "1")};
  r.fills = {fill("BTCUSDT", "1"), fill("BTCUSDT", "1"), fill("BTCUSDT", "0.5"),
             fill("BTCUSDT", "0.5"), fill("ETHUSDT", "0.25"), fill("ETHUSDT", "0.75")};
  r.prices["BTCUSDT"] = {{at(0), dec("100")}, {at(4), dec("120")}};
  r.prices["ETHUSDT"] = {{at(0), dec("50")}, {at(4), dec("45")}};
  r.gate["zscore"] = {10, 4};
  r.gate["timer"] = {0, 0};
  return r;
}

} // namespace

TEST_CASE("metrics: every figure of a small series against the hand computation") {
  auto m = compute_metrics(sample_run());
  // total return = 1210 / 1000 - 1 = 0.21
  REQUIRE(m.total_return);
  CHECK(*m.total_return == Approx(0.21));
  // span = 4 steps = 365 days, so CAGR = 1.21^(365/365) - 1 = 0.21
  REQUIRE(m.cagr);
  CHECK(*m.cagr == Approx(0.21));
  // returns: 1100/1000-1 = 0.1, 990/1100-1 = -0.1, 1045/990-1 = 1/18,
  // 1210/1045-1 = 3/19; mean = (0.1 - 0.1 + 0.0555556 + 0.1578947) / 4
  // = 0.0533626; sample stdev (n-1 = 3) = 0.1104942; periods per year =
  // 365d / 91.25d = 4, so Sharpe = 0.0533626 / 0.1104942 * sqrt(4) = 0.9658890
  CHECK(m.periods_per_year == Approx(4.0));
  REQUIRE(m.sharpe);
  CHECK(*m.sharpe == Approx(0.9658890443870382));
  // downside = sqrt((-0.1)^2 / 4) = 0.05; Sortino = 0.0533626 / 0.05 * 2
  // = 2.1345029
  REQUIRE(m.sortino);
  CHECK(*m.sortino == Approx(2.13450292397661));
  // peak 1100 at step 1, trough 990 at step 2: (1100 - 990) / 1100 = 0.1;
  // back to 1100 or more at step 4 (1210): duration 3 steps = 273.75 days
  CHECK(m.max_drawdown == Approx(0.1));
  CHECK(m.max_drawdown_duration == step * 3);
  // Calmar = 0.21 / 0.1 = 2.1
  REQUIRE(m.calmar);
  CHECK(*m.calmar == Approx(2.1));
  // trades +30, -10, +20: 2 wins, 1 loss, win rate 2/3
  CHECK(m.trades == 3);
  CHECK(m.wins == 2);
  CHECK(m.losses == 1);
  REQUIRE(m.win_rate);
  CHECK(*m.win_rate == Approx(2.0 / 3.0));
  // profit factor = (30 + 20) / 10 = 5
  REQUIRE(m.profit_factor);
  CHECK(*m.profit_factor == Approx(5.0));
  // expectancy = 40 / 3 = 13.33333333 (8 decimals, nearest)
  REQUIRE(m.expectancy);
  CHECK(*m.expectancy == dec("13.33333333"));
  CHECK(m.net_pnl == dec("40"));
  CHECK(m.gross_profit == dec("50"));
  CHECK(m.gross_loss == dec("10"));
  // fees over the fills: 1 + 1 + 0.5 + 0.5 + 0.25 + 0.75 = 4
  CHECK(m.fees == dec("4"));
  // in a position over steps 1->2 and 2->3: 2 of 4 steps = 0.5
  REQUIRE(m.exposure_time);
  CHECK(*m.exposure_time == Approx(0.5));
  // per symbol: BTC 2 trades, 1 win, PnL 20, fees 3; ETH 1, 1, 20, 1
  auto& btc = m.symbols.at("BTCUSDT");
  CHECK(btc.trades == 2);
  CHECK(btc.wins == 1);
  CHECK(*btc.win_rate == Approx(0.5));
  CHECK(btc.pnl == dec("20"));
  CHECK(btc.fees == dec("3"));
  auto& eth = m.symbols.at("ETHUSDT");
  CHECK(eth.trades == 1);
  CHECK(eth.pnl == dec("20"));
  CHECK(eth.fees == dec("1"));
  // buy and hold: BTC 120/100-1 = 0.2, ETH 45/50-1 = -0.1; basket of equal
  // weights = (0.2 - 0.1) / 2 = 0.05
  CHECK(*btc.buy_and_hold == Approx(0.2));
  CHECK(*eth.buy_and_hold == Approx(-0.1));
  REQUIRE(m.basket_buy_and_hold);
  CHECK(*m.basket_buy_and_hold == Approx(0.05));
  // the basket: 1 at step 0, (1.2 + 0.9) / 2 = 1.05 at step 4, a year later:
  // total return and CAGR 0.05, never below a peak
  REQUIRE(m.basket.total_return);
  CHECK(*m.basket.total_return == Approx(0.05));
  CHECK(*m.basket.cagr == Approx(0.05));
  CHECK(m.basket.max_drawdown == 0.0);
  CHECK_FALSE(m.basket.calmar);
  // gate: zscore 4 of 10 = 0.4; timer checked nothing: undefined
  CHECK(*m.gate_pass_rate.at("zscore") == Approx(0.4));
  CHECK_FALSE(m.gate_pass_rate.at("timer"));
}

TEST_CASE("metrics: a run without trades or samples leaves the ratios undefined") {
  record r;
  r.starting_equity = dec("1000");
  auto m = compute_metrics(r);
  REQUIRE(m.total_return);
  CHECK(*m.total_return == 0.0);
  CHECK(m.final_equity == dec("1000"));
  CHECK_FALSE(m.cagr);
  CHECK_FALSE(m.sharpe);
  CHECK_FALSE(m.sortino);
  CHECK_FALSE(m.calmar);
  CHECK(m.max_drawdown == 0.0);
  CHECK(m.trades == 0);
  CHECK_FALSE(m.win_rate);
  CHECK_FALSE(m.profit_factor);
  CHECK_FALSE(m.expectancy);
  CHECK_FALSE(m.exposure_time);
  CHECK_FALSE(m.basket_buy_and_hold);
}

TEST_CASE("metrics: one sample has no span, no returns and no drawdown") {
  record r;
  r.starting_equity = dec("1000");
  r.equity.push_back({at(0), dec("1000"), dec("0")});
  auto m = compute_metrics(r);
  CHECK(*m.total_return == 0.0);
  CHECK_FALSE(m.cagr);
  CHECK_FALSE(m.sharpe);
  CHECK_FALSE(m.exposure_time);
  CHECK(m.max_drawdown == 0.0);
  CHECK(m.max_drawdown_duration == timespan::zero());
}

TEST_CASE("metrics: equity that only rises has no drawdown, so no Calmar") {
  record r;
  r.starting_equity = dec("100");
  // 100, 110, 121: returns 0.1 and 0.1, stdev 0: no Sharpe; no losing
  // step: no Sortino; CAGR = 1.21^(365/182.5) - 1 = 1.21^2 - 1 = 0.4641
  const char* eq[] = {"100", "110", "121"};
  for (int i = 0; i < 3; ++i)
    r.equity.push_back({at(i), dec(eq[i]), dec("0")});
  auto m = compute_metrics(r);
  CHECK(m.max_drawdown == 0.0);
  CHECK_FALSE(m.calmar);
  CHECK_FALSE(m.sharpe);
  CHECK_FALSE(m.sortino);
  REQUIRE(m.cagr);
  CHECK(*m.cagr == Approx(0.4641));
  REQUIRE(m.exposure_time);
  CHECK(*m.exposure_time == 0.0);
}

TEST_CASE("metrics: profit factor is 0 with only losses and undefined with none") {
  record losses;
  losses.trades = {trade("BTCUSDT", "-5", "1"), trade("BTCUSDT", "-15", "1")};
  auto m = compute_metrics(losses);
  REQUIRE(m.profit_factor);
  CHECK(*m.profit_factor == 0.0);
  CHECK(*m.win_rate == 0.0);
  // expectancy = -20 / 2 = -10
  CHECK(*m.expectancy == dec("-10"));

  record wins;
  wins.trades = {trade("BTCUSDT", "5", "1"), trade("BTCUSDT", "0", "1")};
  auto w = compute_metrics(wins);
  CHECK_FALSE(w.profit_factor);
  // a flat trade is neither a win nor a loss: 1 win of 2 trades
  CHECK(*w.win_rate == Approx(0.5));
  CHECK(w.losses == 0);
}

TEST_CASE("metrics: drawdown that never recovers lasts until the last sample") {
  std::vector<equity_point> eq = {{at(0), dec("100"), dec("0")},
                                  {at(1), dec("80"), dec("0")},
                                  {at(2), dec("90"), dec("0")}};
  auto dd = drawdown_series(eq);
  REQUIRE(dd.size() == 3);
  CHECK(dd[0] == 0.0);
  CHECK(dd[1] == Approx(0.2));
  CHECK(dd[2] == Approx(0.1));
  record r;
  r.starting_equity = dec("100");
  r.equity = eq;
  auto m = compute_metrics(r);
  CHECK(m.max_drawdown == Approx(0.2));
  CHECK(m.max_drawdown_duration == step * 2);
}

TEST_CASE("metrics: the buy-and-hold basket merges the symbols' closes by time") {
  std::map<std::string, std::vector<price_point>> prices;
  // BTC 100, 110, 90 at steps 0..2; ETH starts at step 1 with 10, then 11.
  prices["BTCUSDT"] = {{at(0), dec("100")}, {at(1), dec("110")}, {at(2), dec("90")}};
  prices["ETHUSDT"] = {{at(1), dec("10")}, {at(2), dec("11")}};
  auto c = basket_curve(prices);
  REQUIRE(c.size() == 3);
  // step 0: (1.0 + 1 not yet bought) / 2 = 1; step 1: (1.1 + 1.0) / 2 = 1.05;
  // step 2: (0.9 + 1.1) / 2 = 1.0
  CHECK(c[0].second == Approx(1.0));
  CHECK(c[1].second == Approx(1.05));
  CHECK(c[2].second == Approx(1.0));
  auto s = curve_metrics(c, 1.0);
  // drawdown (1.05 - 1.0) / 1.05 = 0.047619, from step 1 to the end (step 2)
  CHECK(s.max_drawdown == Approx(0.05 / 1.05));
  CHECK(s.max_drawdown_duration == step);
  CHECK(*s.total_return == Approx(0.0));
  CHECK(basket_curve({}).empty());
}

TEST_CASE("metrics: funding paid, received and net, in total and per symbol") {
  auto r = sample_run();
  auto pay = [](const char* symbol, int i, const char* amount) {
    return funding_row{at(i), symbol, dec("1"), dec("100"), dec("0.0001"), dec(amount)};
  };
  r.funding = {pay("BTCUSDT", 1, "-0.01"), pay("BTCUSDT", 2, "0.025"),
               pay("ETHUSDT", 2, "-0.00000001"), pay("BTCUSDT", 3, "-0.0075")};
  auto m = compute_metrics(r);
  // Paid 0.01 + 0.00000001 + 0.0075, received 0.025.
  CHECK(m.funding_paid == dec("0.01750001"));
  CHECK(m.funding_received == dec("0.025"));
  CHECK(m.funding_net == dec("0.00749999"));
  CHECK(m.symbols["BTCUSDT"].funding_paid == dec("0.0175"));
  CHECK(m.symbols["BTCUSDT"].funding_received == dec("0.025"));
  CHECK(m.symbols["BTCUSDT"].funding_net == dec("0.0075"));
  CHECK(m.symbols["ETHUSDT"].funding_paid == dec("0.00000001"));
  CHECK(m.symbols["ETHUSDT"].funding_received == decimal{});
  CHECK(m.symbols["ETHUSDT"].funding_net == dec("-0.00000001"));
  // Funding is not a closed trade's PnL.
  CHECK(m.net_pnl == dec("40"));
  // Without funding rows every figure is zero.
  auto spot = compute_metrics(sample_run());
  CHECK(spot.funding_paid == decimal{});
  CHECK(spot.funding_received == decimal{});
  CHECK(spot.funding_net == decimal{});
}
