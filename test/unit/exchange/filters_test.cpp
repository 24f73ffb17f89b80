#include "runtime/exchange/symbol_filters.hpp"
#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>

namespace tn {
namespace {

decimal d(const char* text) {
  return decimal::parse(text).value();
}

exchange_filters load(const char* relative, market_kind market) {
  exchange_filters out;
  std::string error;
  REQUIRE(parse_exchange_info(test::read_file(test::shared_data(relative)), market, out, error));
  return out;
}

const exchange_filters& spot() {
  static const auto filters = load("spot/exchangeInfo-2023-09-08.json", market_kind::spot);
  return filters;
}

const exchange_filters& futures() {
  static const auto filters =
    load("futures_um/exchangeInfo-2022-05-04.json", market_kind::futures);
  return filters;
}

order_check market_buy(const char* qty, const char* reference) {
  order_check o;
  o.type = order_type::market;
  o.quantity = d(qty);
  o.reference_price = d(reference);
  return o;
}

order_check limit(order_side side, const char* qty, const char* price, const char* reference) {
  order_check o;
  o.side = side;
  o.type = order_type::limit_maker;
  o.quantity = d(qty);
  o.price = d(price);
  o.reference_price = d(reference);
  return o;
}

} // namespace

TEST_CASE("spot exchangeInfo: every symbol read with its filters, assets and status") {
  auto& x = spot();
  CHECK(x.symbols.size() == 2292);
  CHECK(x.skipped.empty());
  auto* btc = x.find("BTCUSDT");
  REQUIRE(btc);
  CHECK(btc->base_asset == "BTC");
  CHECK(btc->quote_asset == "USDT");
  CHECK(btc->trading());
  REQUIRE(btc->price);
  CHECK(btc->price->tick_size == d("0.01"));
  CHECK(btc->price->max_price == d("1000000"));
  REQUIRE(btc->lot);
  CHECK(btc->lot->step_size == d("0.00001"));
  CHECK(btc->lot->min_qty == d("0.00001"));
  CHECK(btc->lot->max_qty == d("9000"));
  REQUIRE(btc->market_lot);
  CHECK(btc->market_lot->max_qty == d("168.82682004"));
  CHECK(btc->market_lot->step_size.is_zero());
  REQUIRE(btc->notional);
  CHECK(btc->notional->name == "NOTIONAL");
  CHECK(btc->notional->min_notional == d("5"));
  CHECK(btc->notional->max_notional == d("9000000"));
  CHECK(btc->notional->apply_min_to_market);
  CHECK_FALSE(btc->notional->apply_max_to_market);
  REQUIRE(btc->percent_price);
  CHECK(btc->percent_price->bid_up == d("5"));
  CHECK(btc->percent_price->ask_down == d("0.2"));
  auto* solbtc = x.find("SOLBTC");
  REQUIRE(solbtc);
  CHECK(solbtc->quote_asset == "BTC");
  CHECK(solbtc->price->tick_size == d("0.0000001"));
  CHECK(solbtc->notional->min_notional == d("0.0001"));
  CHECK(x.find("NOPEUSDT") == nullptr);
}

TEST_CASE("futures exchangeInfo: MIN_NOTIONAL's notional and PERCENT_PRICE for both sides") {
  auto& x = futures();
  CHECK(x.symbols.size() == 155);
  CHECK(x.skipped.empty());
  auto* btc = x.find("BTCUSDT");
  REQUIRE(btc);
  CHECK(btc->price->min_price == d("556.80"));
  CHECK(btc->price->tick_size == d("0.1"));
  CHECK(btc->lot->step_size == d("0.001"));
  CHECK(btc->market_lot->max_qty == d("120"));
  REQUIRE(btc->notional);
  CHECK(btc->notional->name == "MIN_NOTIONAL");
  CHECK(btc->notional->min_notional == d("5"));
  CHECK(btc->notional->max_notional.is_zero());
  REQUIRE(btc->percent_price);
  CHECK(btc->percent_price->bid_up == d("1.05"));
  CHECK(btc->percent_price->ask_up == d("1.05"));
  CHECK(btc->percent_price->bid_down == d("0.95"));
  size_t pending = 0;
  for (auto& [name, f] : x.symbols)
    pending += f.status == "PENDING_TRADING";
  CHECK(pending == 1);
}

TEST_CASE("price rounds to the tick, counted from minPrice") {
  auto& btc = *spot().find("BTCUSDT");
  CHECK(round_price(btc, d("117224.789"), rounding::down) == d("117224.78"));
  CHECK(round_price(btc, d("117224.781"), rounding::up) == d("117224.79"));
  CHECK(round_price(btc, d("117224.785"), rounding::nearest) == d("117224.79"));
  auto& fut = *futures().find("BTCUSDT");
  CHECK(round_price(fut, d("29123.456"), rounding::down) == d("29123.4"));
  auto& sol = *spot().find("SOLBTC");
  CHECK(round_price(sol, d("0.00135678"), rounding::down) == d("0.0013567"));
}

TEST_CASE("quantity rounds down to the step, for market orders to MARKET_LOT_SIZE's too") {
  auto& btc = *spot().find("BTCUSDT");
  CHECK(round_quantity(btc, d("0.12345678"), order_type::market) == d("0.12345"));
  CHECK(round_quantity(btc, d("0.00001999"), order_type::limit_maker) == d("0.00001"));
  auto& xrp = *futures().find("XRPUSDT");
  CHECK(round_quantity(xrp, d("12.39"), order_type::market) == d("12.3"));
  // A step that is not below one: BQXETH trades in tens.
  auto& bqx = *spot().find("BQXETH");
  CHECK(round_quantity(bqx, d("129.5"), order_type::limit) == d("120"));
  CHECK(check_order(bqx, limit(order_side::buy, "120", "10", "10")).find("status: BQXETH is BREAK")
        == 0);
}

TEST_CASE("a step that is not a power of ten, and a min not on a power-of-ten grid") {
  symbol_filters f;
  f.symbol = "TESTUSDT";
  f.status = "TRADING";
  f.lot = lot_filter{d("0.3"), d("100"), d("0.25")};
  f.price = price_filter{d("0.05"), d("1000"), d("0.5")};
  CHECK(round_quantity(f, d("1.2"), order_type::limit) == d("1.05"));
  CHECK(round_quantity(f, d("1.0499"), order_type::limit) == d("0.8"));
  // Below minQty nothing can be ordered; before, it rounded up to minQty.
  CHECK(round_quantity(f, d("0.29"), order_type::limit).is_zero());
  CHECK(round_price(f, d("10.3"), rounding::down) == d("10.05"));
  CHECK(check_order(f, limit(order_side::buy, "1.05", "10.05", "0")).empty());
  CHECK(check_order(f, limit(order_side::buy, "1.0", "10.05", "0"))
        == "LOT_SIZE: quantity 1 is not a multiple of stepSize 0.25");
  CHECK(check_order(f, limit(order_side::buy, "1.05", "10", "0"))
        == "PRICE_FILTER: price 10 is not a multiple of tickSize 0.5");
}

TEST_CASE("min notional just under and just over, spot and futures") {
  auto& btc = *spot().find("BTCUSDT");
  // 0.00017 x 29411.77 = 5.0000009 passes; 0.00017 x 29411.76 = 4.9999992 does not.
  CHECK(check_order(btc, limit(order_side::buy, "0.00017", "29411.77", "29411.77")).empty());
  CHECK(check_order(btc, limit(order_side::buy, "0.00017", "29411.76", "29411.76"))
        == "NOTIONAL: notional 4.9999992 (0.00017 at 29411.76) is below the minimum 5");
  // Market orders use the reference price (applyMinToMarket).
  CHECK(check_order(btc, market_buy("0.00017", "29411.76")).find("NOTIONAL: notional 4.9999992")
        == 0);
  CHECK(min_notional(btc, order_type::market) == d("5"));
  auto& fut = *futures().find("ETHUSDT");
  CHECK(check_order(fut, market_buy("0.002", "2500")).empty());
  CHECK(check_order(fut, market_buy("0.001", "2500"))
        == "MIN_NOTIONAL: notional 2.5 (0.001 at 2500) is below the minimum 5");
}

TEST_CASE("max notional applies to limit orders, not to market orders on spot") {
  auto& btc = *spot().find("BTCUSDT");
  CHECK(check_order(btc, limit(order_side::buy, "400", "30000", "30000"))
        == "NOTIONAL: notional 12000000 (400 at 30000) is above the maximum 9000000");
  CHECK(check_order(btc, market_buy("100", "30000")).empty());
}

TEST_CASE("market lot size: spot's own cap, futures' min and max") {
  auto& btc = *spot().find("BTCUSDT");
  CHECK(check_order(btc, market_buy("168.83", "30000"))
        == "MARKET_LOT_SIZE: quantity 168.83 is above maxQty 168.82682004");
  CHECK(check_order(btc, limit(order_side::buy, "168.83", "30000", "30000")).empty());
  CHECK(max_quantity(btc, order_type::market) == d("168.82682004"));
  CHECK(max_quantity(btc, order_type::limit_maker) == d("9000"));
  auto& fut = *futures().find("BTCUSDT");
  CHECK(check_order(fut, market_buy("121", "30000"))
        == "MARKET_LOT_SIZE: quantity 121 is above maxQty 120");
  CHECK(check_order(fut, market_buy("0.0005", "30000"))
        == "LOT_SIZE: quantity 0.0005 is below minQty 0.001");
  CHECK(check_order(fut, market_buy("0", "30000")) == "LOT_SIZE: quantity 0 is not positive");
}

TEST_CASE("percent price by side on spot, PERCENT_PRICE on futures") {
  auto& btc = *spot().find("BTCUSDT");
  CHECK(check_order(btc, limit(order_side::buy, "0.001", "5999.99", "30000"))
        == "PERCENT_PRICE: price 5999.99 is below 0.2 x the reference 30000 (6000)");
  CHECK(check_order(btc, limit(order_side::sell, "0.001", "150000.01", "30000"))
        == "PERCENT_PRICE: price 150000.01 is above 5 x the reference 30000 (150000)");
  auto& fut = *futures().find("BTCUSDT");
  CHECK(check_order(fut, limit(order_side::buy, "0.001", "31500", "30000")).empty());
  CHECK(check_order(fut, limit(order_side::buy, "0.001", "31500.1", "30000"))
        == "PERCENT_PRICE: price 31500.1 is above 1.05 x the reference 30000 (31500)");
  CHECK(check_order(fut, limit(order_side::buy, "0.001", "500", "30000"))
        == "PRICE_FILTER: price 500 is below minPrice 556.8");
}

TEST_CASE("a body that is no exchangeInfo is refused, an unreadable filter skips its symbol") {
  exchange_filters out;
  std::string error;
  CHECK_FALSE(parse_exchange_info("[1,2]", market_kind::spot, out, error));
  CHECK(error == "exchangeInfo: the body is not a JSON object");
  CHECK_FALSE(parse_exchange_info("{}", market_kind::spot, out, error));
  CHECK(error == "exchangeInfo: no symbols array");
  std::string body = R"({"symbols":[{"symbol":"AUSDT","status":"TRADING","filters":[)"
                     R"({"filterType":"LOT_SIZE","minQty":"1e-3","maxQty":"1","stepSize":"1"}]},)"
                     R"({"symbol":"BUSDT","status":"TRADING","filters":[]}]})";
  REQUIRE(parse_exchange_info(body, market_kind::spot, out, error));
  CHECK(out.symbols.size() == 1);
  REQUIRE(out.skipped.size() == 1);
  CHECK(out.skipped[0] == "AUSDT: LOT_SIZE: minQty '1e-3' is not a decimal of at most 8 places");
}

} // namespace tn
