// The paper fill model: when and at what price orders fill, what they cost,
// what the account refuses, and what a restart restores.

#include "actors/broker/paper_config.hpp"
#include "actors/broker/paper_exchange.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = timestamp{} + 1000h;

decimal dec(const char* text) {
  auto x = decimal::parse(text);
  REQUIRE(x);
  return *x;
}

order_request order(const std::string& id, order_side side, order_type type, const char* qty,
                    const char* price = "0") {
  order_request x;
  x.client_id = id;
  x.symbol = "BTCUSDT";
  x.side = side;
  x.type = type;
  x.quantity = dec(qty);
  x.price = dec(price);
  x.ts = t0;
  return x;
}

decimal balance(const paper_exchange& ex, const std::string& asset, bool locked = false) {
  for (auto& b : ex.balances())
    if (b.asset == asset)
      return locked ? b.locked : b.free;
  return {};
}

/// 10,000 USDT and 1 BTC; slippage 0.1 %, taker 0.1 %, maker 0.02 %.
paper_config config() {
  paper_config cfg;
  cfg.starting_balances = {{"USDT", dec("10000")}, {"BTC", dec("1")}};
  cfg.slippage = dec("0.001");
  return cfg;
}

} // namespace

TEST_CASE("the default paper config is valid, and its keys are checked") {
  CHECK(paper_config{}.validate().empty());
  CHECK(paper_config{}.maker_fee == dec("0.0002"));
  CHECK(paper_config{}.taker_fee == dec("0.001"));
  auto cfg = paper_config{};
  cfg.taker_fee = dec("0.5");
  CHECK(cfg.validate() == "paper.taker_fee: 0.5 is outside [0, 0.01] (a fraction: 0.001 is 0.1 %)");
  cfg = paper_config{};
  cfg.starting_balances["BTC"] = dec("-1");
  CHECK(cfg.validate() == "paper.starting_balances.BTC: -1 is negative");
  CHECK(paper_config{}.maker_fallback == 30s);
  cfg = paper_config{};
  cfg.maker_fallback = -1s;
  CHECK(cfg.validate() == "paper.maker_fallback: negative (0 turns the fallback off)");
}

TEST_CASE("a market order fills at the next price with slippage against it, and pays the taker fee") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  auto b1 = order("b1", order_side::buy, order_type::market, "0.1");
  b1.decision_id = 42;
  auto placed = ex.place(b1, t0 + 1s);
  REQUIRE(placed.updates.size() == 1);
  CHECK(placed.updates[0].state == order_state::open);
  CHECK(placed.fills.empty()); // never at the price it was decided on
  CHECK(ex.on_price("ETHUSDT", dec("3000"), t0 + 2s).fills.empty());
  auto next = ex.on_price("BTCUSDT", dec("51000"), t0 + 3s);
  REQUIRE(next.fills.size() == 1);
  auto& f = next.fills[0];
  CHECK(f.price == dec("51051")); // 51000 + 0.1 %
  CHECK(f.quantity == dec("0.1"));
  CHECK_FALSE(f.maker);
  CHECK(f.fee == dec("5.1051")); // 5105.1 * 0.1 %
  CHECK(f.fee_asset == "USDT");
  CHECK(f.ts == t0 + 3s);
  CHECK(f.decision_id == 42); // the tracker's position remembers its decision
  REQUIRE(next.updates.size() == 1);
  CHECK(next.updates[0].state == order_state::filled);
  CHECK(next.updates[0].average_price == dec("51051"));
  CHECK(balance(ex, "USDT") == dec("10000") - dec("5105.1") - dec("5.1051"));
  CHECK(balance(ex, "USDT", true) == decimal{});
  CHECK(balance(ex, "BTC") == dec("1.1"));

  auto sell = ex.place(order("s1", order_side::sell, order_type::market, "0.5"), t0 + 4s);
  CHECK(sell.updates.at(0).state == order_state::open);
  CHECK(balance(ex, "BTC", true) == dec("0.5"));
  auto sold = ex.on_price("BTCUSDT", dec("50000"), t0 + 5s);
  REQUIRE(sold.fills.size() == 1);
  CHECK(sold.fills[0].price == dec("49950")); // a sell gets less
  CHECK(balance(ex, "BTC") == dec("0.6"));
}

TEST_CASE("a resting limit order fills when the price trades through it, not when it touches") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  auto placed = ex.place(order("b1", order_side::buy, order_type::limit, "0.1", "49000"), t0);
  CHECK(placed.updates.at(0).state == order_state::open);
  CHECK(balance(ex, "USDT", true) == dec("4904.9")); // 4900 + the taker fee at most
  CHECK(ex.on_price("BTCUSDT", dec("49000"), t0 + 1s).fills.empty()); // a touch
  auto through = ex.on_price("BTCUSDT", dec("48999.99"), t0 + 2s);
  REQUIRE(through.fills.size() == 1);
  CHECK(through.fills[0].price == dec("49000")); // at its limit
  CHECK(through.fills[0].maker);
  CHECK(through.fills[0].fee == dec("0.98")); // 4900 * 0.02 %
  CHECK(balance(ex, "USDT") == dec("10000") - dec("4900.98"));
  CHECK(balance(ex, "USDT", true) == decimal{});

  ex.place(order("s1", order_side::sell, order_type::limit, "0.2", "52000"), t0 + 3s);
  CHECK(ex.on_price("BTCUSDT", dec("52000"), t0 + 4s).fills.empty());
  CHECK(ex.on_price("BTCUSDT", dec("52000.01"), t0 + 5s).fills.size() == 1);
}

TEST_CASE("a LIMIT_MAKER that would cross at arrival is refused, a marketable LIMIT takes") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  auto maker = ex.place(order("m1", order_side::buy, order_type::limit_maker, "0.1", "50000"),
                        t0);
  REQUIRE(maker.updates.size() == 1);
  CHECK(maker.updates[0].state == order_state::rejected);
  CHECK(maker.updates[0].reason
        == "Order would immediately match and take. Its quantity goes to the market instead.");
  CHECK(balance(ex, "USDT", true) == decimal{});
  // As the binance broker does: the same quantity as a market order <id>m.
  REQUIRE(maker.fallbacks.size() == 1);
  CHECK(maker.fallbacks[0].client_id == "m1m");
  CHECK(maker.fallbacks[0].type == order_type::market);
  CHECK(maker.fallbacks[0].quantity == dec("0.1"));
  CHECK(maker.fallbacks[0].price == decimal{});
  auto rests = ex.place(order("m2", order_side::buy, order_type::limit_maker, "0.01", "49999"), t0);
  CHECK(rests.updates.at(0).state == order_state::open);

  auto taker = ex.place(order("l1", order_side::buy, order_type::limit, "0.1", "50100"), t0);
  CHECK(taker.updates.at(0).state == order_state::open);
  auto next = ex.on_price("BTCUSDT", dec("50050"), t0 + 1s);
  REQUIRE(next.fills.size() == 1);
  CHECK(next.fills[0].client_id == "l1");
  CHECK(next.fills[0].price == dec("50050")); // the price, within its limit
  CHECK_FALSE(next.fills[0].maker);
  CHECK(next.fills[0].fee == dec("5.005"));
}

TEST_CASE("a LIMIT_MAKER entry traded through fills at its limit as maker and never falls back") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  auto placed = ex.place(order("m1", order_side::buy, order_type::limit_maker, "0.1", "49990"), t0);
  CHECK(placed.updates.at(0).state == order_state::open);
  CHECK(ex.on_price("BTCUSDT", dec("49990"), t0 + 10s).fills.empty()); // a touch
  auto through = ex.on_price("BTCUSDT", dec("49989"), t0 + 29s);
  REQUIRE(through.fills.size() == 1);
  CHECK(through.fills[0].price == dec("49990"));
  CHECK(through.fills[0].maker);
  CHECK(through.fills[0].fee == dec("0.9998")); // 4999 * 0.02 %
  CHECK(through.fallbacks.empty());
  // Its fallback time passes: nothing is left to fall back.
  CHECK(ex.on_time(t0 + 31s).empty());
  CHECK(ex.on_price("BTCUSDT", dec("49000"), t0 + 60s).empty());
  CHECK(balance(ex, "BTC") == dec("1.1"));
}

TEST_CASE("a LIMIT_MAKER entry resting past paper.maker_fallback goes to the market and fills once") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  ex.place(order("m1", order_side::buy, order_type::limit_maker, "0.1", "49990"), t0);
  CHECK(balance(ex, "USDT", true).is_positive());
  CHECK(ex.on_price("BTCUSDT", dec("50010"), t0 + 29s).empty());
  CHECK(ex.on_time(t0 + 29s).empty());

  SECTION("in event time, on the clock") {
    auto due = ex.on_time(t0 + 30s);
    REQUIRE(due.updates.size() == 1);
    CHECK(due.updates[0].client_id == "m1");
    CHECK(due.updates[0].state == order_state::canceled);
    CHECK_THAT(due.updates[0].reason, Catch::Contains("paper.maker_fallback"));
    CHECK(due.fills.empty());
    CHECK(balance(ex, "USDT", true) == decimal{}); // its lock is released
    REQUIRE(due.fallbacks.size() == 1);
    auto m = due.fallbacks[0];
    CHECK(m.client_id == "m1m");
    CHECK(m.type == order_type::market);
    CHECK(m.side == order_side::buy);
    CHECK(m.quantity == dec("0.1"));
    CHECK(m.ts == t0 + 30s);
    CHECK(ex.place(m, t0 + 30s).updates.at(0).state == order_state::open);
    // The next price trades through the old limit: only the market order
    // fills, at that price plus slippage, with the taker fee.
    auto next = ex.on_price("BTCUSDT", dec("49980"), t0 + 31s);
    REQUIRE(next.fills.size() == 1);
    CHECK(next.fills[0].client_id == "m1m");
    CHECK(next.fills[0].price == dec("50029.98")); // 49980 + 0.1 %
    CHECK_FALSE(next.fills[0].maker);
    CHECK(next.fills[0].fee == dec("5.002998")); // 5002.998 * 0.1 %
    CHECK(next.fallbacks.empty());
    CHECK(ex.on_price("BTCUSDT", dec("49000"), t0 + 32s).empty());
    CHECK(balance(ex, "BTC") == dec("1.1")); // bought once
    CHECK(ex.cancel("m1", t0 + 33s).updates.empty()); // gone for good
  }
  SECTION("in event time, by the first price after it") {
    // The price comes after the fallback was due: the maker order gave up
    // first, so this price (through its limit) does not fill it.
    auto late = ex.on_price("BTCUSDT", dec("49000"), t0 + 45s);
    CHECK(late.fills.empty());
    REQUIRE(late.updates.size() == 1);
    CHECK(late.updates[0].state == order_state::canceled);
    REQUIRE(late.fallbacks.size() == 1);
    CHECK(late.fallbacks[0].ts == t0 + 45s);
  }
}

TEST_CASE("with paper.maker_fallback 0 a LIMIT_MAKER rests until it fills or is canceled") {
  auto cfg = config();
  cfg.maker_fallback = timespan{};
  paper_exchange ex{cfg};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  ex.place(order("m1", order_side::buy, order_type::limit_maker, "0.1", "49990"), t0);
  CHECK(ex.on_time(t0 + 24h).empty());
  CHECK(ex.on_price("BTCUSDT", dec("49989"), t0 + 25h).fills.size() == 1);
}

TEST_CASE("orders the balance cannot cover are refused with Binance's words") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  auto big = ex.place(order("b1", order_side::buy, order_type::limit, "0.2", "50000"), t0);
  REQUIRE(big.updates.size() == 1);
  CHECK(big.updates[0].state == order_state::rejected);
  CHECK(big.updates[0].reason == "Account has insufficient balance for requested action.");
  auto sell = ex.place(order("s1", order_side::sell, order_type::market, "1.5"), t0);
  CHECK(sell.updates.at(0).reason == "Account has insufficient balance for requested action.");
  CHECK(balance(ex, "USDT") == dec("10000"));
  CHECK(balance(ex, "BTC") == dec("1"));
  // A market buy without a price to estimate with is checked when it fills.
  paper_exchange blind{config()};
  blind.place(order("b2", order_side::buy, order_type::market, "1"), t0);
  auto at = blind.on_price("BTCUSDT", dec("50000"), t0 + 1s);
  CHECK(at.fills.empty());
  CHECK(at.updates.at(0).state == order_state::rejected);
  CHECK(balance(blind, "USDT") == dec("10000"));
  auto bad = blind.place(order("x", order_side::buy, order_type::market, "0.01"), t0);
  CHECK(bad.updates.at(0).state == order_state::open);
  bad = blind.place(order("x", order_side::buy, order_type::market, "0.01"), t0);
  CHECK(bad.updates.at(0).reason == "Duplicate order sent.");
  auto odd = order("y", order_side::buy, order_type::market, "1");
  odd.symbol = "BTCEUR";
  CHECK(blind.place(odd, t0).updates.at(0).reason == "Invalid symbol.");
}

TEST_CASE("the account values holdings at last prices and books the day's PnL and fees") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  auto start = ex.account(t0);
  CHECK(start.equity == dec("60000"));
  CHECK(start.quote_balance == dec("10000"));
  ex.place(order("b1", order_side::buy, order_type::market, "0.1"), t0);
  ex.on_price("BTCUSDT", dec("50000"), t0 + 1s); // buys at 50050, fee 5.005
  ex.place(order("s1", order_side::sell, order_type::market, "0.1"), t0 + 2s);
  ex.on_price("BTCUSDT", dec("60000"), t0 + 3s); // sells at 59940, fee 5.994
  auto acc = ex.account(t0 + 4s);
  CHECK(acc.fees_today == dec("10.999"));
  // 5994 - 5.994 - (5005 + 5.005): the 0.1 bought here, after both fees.
  CHECK(acc.realized_pnl_today == dec("978.001"));
  CHECK(acc.equity == balance(ex, "USDT") + dec("60000"));
  CHECK(ex.account(t0 + 24h).fees_today == decimal{}); // the next UTC day
}

TEST_CASE("the same prices and orders give the same fills and trade ids") {
  auto run = [] {
    paper_exchange ex{config()};
    std::vector<fill> fills;
    ex.on_price("BTCUSDT", dec("50000"), t0);
    ex.place(order("a", order_side::buy, order_type::market, "0.01"), t0);
    ex.place(order("b", order_side::buy, order_type::limit, "0.01", "49500"), t0);
    for (auto p : {"50010", "49400", "49600"})
      for (auto& f : ex.on_price("BTCUSDT", dec(p), t0 + 1s).fills)
        fills.push_back(f);
    return fills;
  };
  auto one = run();
  auto two = run();
  REQUIRE(one.size() == 2);
  REQUIRE(two.size() == 2);
  for (size_t i = 0; i < one.size(); ++i) {
    CHECK(one[i].trade_id == two[i].trade_id);
    CHECK(one[i].price == two[i].price);
  }
  CHECK(one[0].trade_id == paper_trade_id("a", 1));
  CHECK(one[0].trade_id != one[1].trade_id);
}

TEST_CASE("a restart restores balances and resting orders, and drops intents never placed") {
  execution_journal j;
  j.balances = {{"USDT", dec("5000"), dec("4904.9")}, {"BTC", dec("2"), decimal{}}};
  journaled_order resting{order("r1", order_side::buy, order_type::limit, "0.1", "49000"), {}};
  resting.last.state = order_state::open;
  journaled_order pending{order("p1", order_side::buy, order_type::market, "0.1"), {}};
  pending.last.state = order_state::intent;
  journaled_order waiting{order("w1", order_side::sell, order_type::market, "0.1"), {}};
  waiting.last.state = order_state::open;
  j.open_orders = {resting, pending, waiting};
  paper_exchange ex{config()};
  auto events = ex.restore(j, t0 + 1h);
  REQUIRE(events.updates.size() == 2);
  CHECK(events.updates[0].client_id == "p1");
  CHECK(events.updates[0].state == order_state::dropped);
  CHECK(events.updates[0].ts == t0 + 1h);
  CHECK(events.updates[1].client_id == "w1");
  CHECK(events.updates[1].state == order_state::expired);
  CHECK(balance(ex, "USDT") == dec("5000")); // the journal's, not the starting balances
  CHECK(balance(ex, "USDT", true) == dec("4904.9"));
  CHECK(balance(ex, "BTC") == dec("2"));
  auto fills = ex.on_price("BTCUSDT", dec("48000"), t0 + 2h).fills;
  REQUIRE(fills.size() == 1);
  CHECK(fills[0].client_id == "r1");
}

// -- STOP_LOSS_LIMIT: the tracker's protective stop -------------------------

namespace {

order_request stop(const std::string& id, const char* qty, const char* stop_price,
                   const char* limit) {
  auto x = order(id, order_side::sell, order_type::stop_loss_limit, qty, limit);
  x.stop_price = dec(stop_price);
  x.reason = order_reason::protective;
  x.reduce_only = true;
  return x;
}

} // namespace

TEST_CASE("a protective stop rests untriggered, locks its base and sells once the price reaches it") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  auto placed = ex.place(stop("p-s1", "0.5", "48000", "47760"), t0);
  REQUIRE(placed.updates.size() == 1);
  CHECK(placed.updates[0].state == order_state::open);
  CHECK(balance(ex, "BTC", true) == dec("0.5")); // a node sale of it would be refused
  CHECK(ex.account(t0).open_orders.size() == 1);
  CHECK(ex.on_price("BTCUSDT", dec("48000.01"), t0 + 1s).fills.empty()); // above the stop
  auto hit = ex.on_price("BTCUSDT", dec("48000"), t0 + 2s); // at the stop: it triggers
  REQUIRE(hit.fills.size() == 1);
  auto& f = hit.fills[0];
  CHECK(f.client_id == "p-s1");
  CHECK(f.side == order_side::sell);
  CHECK(f.price == dec("47952")); // 48000 - 0.1 % slippage, within the limit
  CHECK_FALSE(f.maker);
  CHECK(f.quantity == dec("0.5"));
  REQUIRE(hit.updates.size() == 1);
  CHECK(hit.updates[0].state == order_state::filled);
  CHECK(balance(ex, "BTC") == dec("0.5"));
  CHECK(balance(ex, "BTC", true) == decimal{});
  CHECK(ex.on_price("BTCUSDT", dec("40000"), t0 + 3s).fills.empty()); // filled once
}

TEST_CASE("a stop triggered below its limit rests as a limit sell and fills when traded through") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("50000"), t0);
  ex.place(stop("p-s1", "0.5", "48000", "47760"), t0);
  // A gap through stop and limit: triggered, but nothing to sell at 47760.
  CHECK(ex.on_price("BTCUSDT", dec("47000"), t0 + 1s).fills.empty());
  CHECK(ex.on_price("BTCUSDT", dec("47760"), t0 + 2s).fills.empty()); // a touch
  // Back above the stop: a triggered stop stays a limit order.
  auto up = ex.on_price("BTCUSDT", dec("48500"), t0 + 3s);
  REQUIRE(up.fills.size() == 1);
  CHECK(up.fills[0].price == dec("47760")); // at its limit, as a resting maker
  CHECK(up.fills[0].maker);

  // Slippage never takes a triggered stop below its limit.
  paper_exchange close{config()};
  close.on_price("BTCUSDT", dec("50000"), t0);
  close.place(stop("p-s2", "0.5", "48000", "47990"), t0);
  auto hit = close.on_price("BTCUSDT", dec("47995"), t0 + 1s);
  REQUIRE(hit.fills.size() == 1);
  CHECK(hit.fills[0].price == dec("47990"));
}

TEST_CASE("a stop that would trigger at once is refused; a canceled stop frees its base") {
  paper_exchange ex{config()};
  ex.on_price("BTCUSDT", dec("47000"), t0);
  auto refused = ex.place(stop("p-s1", "0.5", "48000", "47760"), t0);
  REQUIRE(refused.updates.size() == 1);
  CHECK(refused.updates[0].state == order_state::rejected);
  CHECK(refused.updates[0].reason == "Order would trigger immediately.");
  auto no_stop_price = stop("p-s2", "0.5", "0", "47000");
  CHECK(ex.place(no_stop_price, t0).updates.at(0).state == order_state::rejected);

  ex.on_price("BTCUSDT", dec("50000"), t0 + 1s);
  ex.place(stop("p-s3", "1", "48000", "47760"), t0 + 1s);
  // All the base is locked: a market sale of it is refused, as on Binance spot.
  auto sale = ex.place(order("p-x1", order_side::sell, order_type::market, "1"), t0 + 2s);
  CHECK(sale.updates.at(0).state == order_state::rejected);
  auto canceled = ex.cancel("p-s3", t0 + 3s);
  CHECK(canceled.updates.at(0).state == order_state::canceled);
  CHECK(balance(ex, "BTC") == dec("1"));
  CHECK(ex.place(order("p-x2", order_side::sell, order_type::market, "1"), t0 + 4s)
          .updates.at(0).state
        == order_state::open);
  CHECK(ex.on_price("BTCUSDT", dec("47000"), t0 + 5s).fills.size() == 1); // only the sale
}

TEST_CASE("a resting stop rests again after a restart") {
  execution_journal j;
  j.balances = {{"USDT", dec("10000"), decimal{}}, {"BTC", dec("0.5"), dec("0.5")}};
  journaled_order resting{stop("p-s1", "0.5", "48000", "47760"), {}};
  resting.last.state = order_state::open;
  j.open_orders = {resting};
  paper_exchange ex{config()};
  auto events = ex.restore(j, t0 + 1h);
  CHECK(events.updates.empty());
  CHECK(balance(ex, "BTC", true) == dec("0.5"));
  CHECK(ex.on_price("BTCUSDT", dec("49000"), t0 + 2h).fills.empty());
  auto hit = ex.on_price("BTCUSDT", dec("47900"), t0 + 3h);
  REQUIRE(hit.fills.size() == 1);
  CHECK(hit.fills[0].client_id == "p-s1");
}
