// Funding of paper futures positions: the settlement's arithmetic and
// rounding against values computed by hand, and when the paper exchange
// settles (event time, the position held at the funding time, the mark
// before it, once).

#include "actors/broker/paper_exchange.hpp"
#include "actors/broker/paper_funding.hpp"
#include "test/unit/broker/paper_orders.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using tn::test::dec;
using tn::test::market_buy;
using namespace std::chrono_literals;

namespace {

// 2024-02-01 00:00 UTC; the funding times of the day are 00:00, 08:00 and
// 16:00, stamped a few milliseconds late as Binance stamps them.
const timestamp day = timestamp{} + 1706745600s;
const timestamp f1 = day + 8h + 6ms;
const timestamp f2 = day + 16h + 2ms;

decimal balance(const paper_exchange& ex, const std::string& asset) {
  for (auto& b : ex.balances())
    if (b.asset == asset)
      return b.free + b.locked;
  return {};
}

/// 10,000 USDT, no fees or slippage (the funding is then all that moves
/// the quote balance besides the buy's notional).
paper_config config() {
  paper_config cfg;
  cfg.starting_balances = {{"USDT", dec("10000")}};
  cfg.maker_fee = decimal{};
  cfg.taker_fee = decimal{};
  cfg.slippage = decimal{};
  return cfg;
}

std::vector<funding_due> schedule() {
  return {{"BTCUSDT", f1, dec("0.0001")}, {"BTCUSDT", f2, dec("-0.00025")}};
}

} // namespace

TEST_CASE("a funding payment is position x mark x rate, paid by the side the rate is against") {
  // Long 0.5 at 60000, +0.01 %: notional 30000, pays 3.
  CHECK(funding_amount(dec("0.5"), dec("60000"), dec("0.0001")) == dec("-3"));
  // The short receives it.
  CHECK(funding_amount(dec("-0.5"), dec("60000"), dec("0.0001")) == dec("3"));
  // A negative rate: the long receives, the short pays.
  CHECK(funding_amount(dec("0.5"), dec("60000"), dec("-0.0001")) == dec("3"));
  CHECK(funding_amount(dec("-2"), dec("3000"), dec("-0.00025")) == dec("-1.5"));
  // No position, or a zero rate: nothing.
  CHECK(funding_amount(decimal{}, dec("60000"), dec("0.0001")) == decimal{});
  CHECK(funding_amount(dec("1"), dec("60000"), decimal{}) == decimal{});
}

TEST_CASE("a funding payment rounds to 1e-8 against the account") {
  // 0.123 x 61234.57 = 7531.85211; x 0.00010123 = 0.7624493890953 exactly.
  // A debit rounds away from zero, a credit toward it.
  CHECK(funding_amount(dec("0.123"), dec("61234.57"), dec("0.00010123")) == dec("-0.76244939"));
  CHECK(funding_amount(dec("-0.123"), dec("61234.57"), dec("0.00010123")) == dec("0.76244938"));
  CHECK(funding_amount(dec("0.123"), dec("61234.57"), dec("-0.00010123")) == dec("0.76244938"));
  CHECK(funding_amount(dec("-0.123"), dec("61234.57"), dec("-0.00010123")) == dec("-0.76244939"));
}

TEST_CASE("the funding schedule hands out each event once, when due, skipping settled ones") {
  funding_schedule s;
  s.add({"BTCUSDT", f2, dec("0.0002")});
  s.add({"BTCUSDT", f1, dec("0.0001")});
  s.add({"ETHUSDT", f1, dec("0.0003")});
  CHECK(s.take_due(f1 - 1ms).empty());
  auto due = s.take_due(f1);
  REQUIRE(due.size() == 2);
  CHECK(due[0].symbol == "BTCUSDT");
  CHECK(due[0].rate == dec("0.0001"));
  CHECK(due[1].symbol == "ETHUSDT");
  CHECK(s.take_due(f1 + 1h).empty());
  s.settled_through("BTCUSDT", f2);
  CHECK(s.take_due(f2 + 1h).empty());
  CHECK(s.pending() == 0);
}

TEST_CASE("the paper exchange settles funding on the position held at the funding time") {
  paper_exchange ex{config()};
  ex.set_funding(schedule());
  ex.on_price("BTCUSDT", dec("60000"), f1 - 10min);
  ex.place(market_buy("a", "0.1", f1 - 10min), f1 - 10min);
  auto filled = ex.on_price("BTCUSDT", dec("61000"), f1 - 1min);
  REQUIRE(filled.fills.size() == 1);
  CHECK(balance(ex, "USDT") == dec("3900")); // 10000 - 0.1 x 61000
  // The next price comes after the funding time: first the settlement, at
  // the mark before it (61000): 0.1 x 61000 x 0.0001 = 0.61 paid.
  auto after = ex.on_price("BTCUSDT", dec("62000"), f1 + 59s);
  REQUIRE(after.funding.size() == 1);
  auto& p = after.funding[0];
  CHECK(p.symbol == "BTCUSDT");
  CHECK(p.ts == f1);
  CHECK(p.position == dec("0.1"));
  CHECK(p.mark_price == dec("61000"));
  CHECK(p.rate == dec("0.0001"));
  CHECK(p.amount == dec("-0.61"));
  CHECK(p.asset == "USDT");
  CHECK(balance(ex, "USDT") == dec("3899.39"));
  // Equity carries it: 3899.39 + 0.1 x 62000.
  CHECK(ex.account(f1 + 59s).equity == dec("10099.39"));
  // Settled once.
  CHECK(ex.on_price("BTCUSDT", dec("62000"), f1 + 2min).funding.empty());
  // The clock alone settles the next one (negative rate: the long
  // receives 0.1 x 62000 x 0.00025 = 1.55).
  auto later = ex.on_time(f2 + 1s);
  REQUIRE(later.funding.size() == 1);
  CHECK(later.funding[0].amount == dec("1.55"));
  CHECK(balance(ex, "USDT") == dec("3900.94"));
}

TEST_CASE("no position at the funding time, no payment: a position opened after it pays nothing for it") {
  paper_exchange ex{config()};
  ex.set_funding(schedule());
  ex.on_price("BTCUSDT", dec("60000"), f1 - 10min);
  // Placed before the funding time, filled by the first price after it.
  ex.place(market_buy("a", "0.1", f1 - 1min), f1 - 1min);
  auto step = ex.on_price("BTCUSDT", dec("61000"), f1 + 59s);
  CHECK(step.funding.empty());
  REQUIRE(step.fills.size() == 1);
  CHECK(balance(ex, "USDT") == dec("3900"));
  // It pays the next one: 0.1 x 61000 x -0.00025 received: 1.525.
  // A time message settles what is due strictly before its time.
  CHECK(ex.on_time(f2).funding.empty());
  auto next = ex.on_time(f2 + 1ms);
  REQUIRE(next.funding.size() == 1);
  CHECK(next.funding[0].amount == dec("1.525"));
}

TEST_CASE("without a funding schedule (spot) nothing is settled") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("60000"), f1 - 10min);
  ex.place(market_buy("a", "0.1", f1 - 10min), f1 - 10min);
  ex.on_price("BTCUSDT", dec("61000"), f1 - 1min);
  CHECK(ex.on_price("BTCUSDT", dec("61000"), f2 + 1h).funding.empty());
}

TEST_CASE("after a restart the funding times the journal kept are not settled again") {
  execution_journal j;
  j.balances = {{"USDT", dec("3899.39"), decimal{}}, {"BTC", dec("0.1"), decimal{}}};
  j.funding_settled["BTCUSDT"] = f1;
  paper_exchange ex{config()};
  ex.set_funding(schedule());
  ex.restore(j, f1 + 1min);
  CHECK(ex.on_price("BTCUSDT", dec("62000"), f1 + 2min).funding.empty());
  auto next = ex.on_price("BTCUSDT", dec("62000"), f2 + 59s);
  REQUIRE(next.funding.size() == 1);
  CHECK(next.funding[0].position == dec("0.1"));
  CHECK(next.funding[0].amount == dec("1.55"));
}

TEST_CASE("a price stamped at the funding time is its mark, and the fills it makes come after it") {
  paper_exchange ex{config()};
  auto t = day + 8h;
  ex.set_funding({{"BTCUSDT", t, dec("0.0001")}});
  ex.on_price("BTCUSDT", dec("60000"), t - 2min);
  ex.place(market_buy("a", "0.1", t - 2min), t - 2min);
  REQUIRE(ex.on_price("BTCUSDT", dec("60000"), t - 1min).fills.size() == 1);
  ex.place(market_buy("b", "0.05", t - 1min), t - 1min);
  // The clock at t: the price at t may still come; nothing settles yet.
  CHECK(ex.on_time(t).funding.empty());
  auto at = ex.on_price("BTCUSDT", dec("61000"), t);
  REQUIRE(at.funding.size() == 1);
  CHECK(at.funding[0].mark_price == dec("61000"));
  CHECK(at.funding[0].position == dec("0.1")); // b is not in it
  CHECK(at.funding[0].amount == dec("-0.61"));
  REQUIRE(at.fills.size() == 1); // b filled at t, after the settlement
  CHECK(at.fills[0].client_id == "b");
  // Another symbol's price at t does not settle this one's event: each
  // symbol's waits for its own price (or the next time message).
  paper_exchange two{config()};
  two.set_funding({{"BTCUSDT", t, dec("0.0001")}});
  two.on_price("BTCUSDT", dec("60000"), t - 2min);
  two.place(market_buy("a", "0.1", t - 2min), t - 2min);
  two.on_price("BTCUSDT", dec("60000"), t - 1min);
  CHECK(two.on_price("ETHUSDT", dec("3000"), t).funding.empty());
  auto later = two.on_time(t + 1s);
  REQUIRE(later.funding.size() == 1);
  CHECK(later.funding[0].mark_price == dec("60000"));
}
