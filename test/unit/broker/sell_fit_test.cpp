// Exits and protective stops fitted to the exchange's grids: the tracker
// sells what a position holds (a base-asset fee leaves it off the step) and
// stops at a share of the entry (off the tick).

#include "actors/broker/sell_fit.hpp"

#include "test/unit/money/decimal_text.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using tn::test::dec;

namespace {

symbol_filters btcusdt() {
  symbol_filters f;
  f.symbol = "BTCUSDT";
  f.status = "TRADING";
  f.price = price_filter{dec("0.01"), dec("1000000"), dec("0.01")};
  f.lot = lot_filter{dec("0.00001"), dec("9000"), dec("0.00001")};
  f.market_lot = lot_filter{dec("0"), dec("100"), dec("0")};
  return f;
}

order_request exit_of(const char* qty) {
  order_request x;
  x.client_id = "tn7-0-x1";
  x.symbol = "BTCUSDT";
  x.side = order_side::sell;
  x.type = order_type::market;
  x.quantity = dec(qty);
  x.reduce_only = true;
  x.reason = order_reason::stop_loss;
  return x;
}

} // namespace

TEST_CASE("an exit of a quantity off the lot step sells what the step allows") {
  auto x = exit_of("0.00595404");
  CHECK(fit_sell(btcusdt(), x).empty());
  CHECK(x.quantity == dec("0.00595"));
}

TEST_CASE("an exit of less than one lot step is refused as dust") {
  auto x = exit_of("0.00000404");
  CHECK(fit_sell(btcusdt(), x) == "0.00000404 BTCUSDT is below the exchange's lot step: dust no "
                                  "order can sell");
}

TEST_CASE("a protective stop's prices go down to the tick, its quantity to the step") {
  auto x = exit_of("0.0074925");
  x.type = order_type::stop_loss_limit;
  x.stop_price = dec("62549.805");
  x.price = dec("62237.0559");
  x.reason = order_reason::protective;
  CHECK(fit_sell(btcusdt(), x).empty());
  CHECK(x.quantity == dec("0.00749"));
  CHECK(x.stop_price == dec("62549.8"));
  CHECK(x.price == dec("62237.05"));
}

TEST_CASE("entries and other sells are left as risk made them") {
  auto buy = exit_of("0.00595404");
  buy.side = order_side::buy;
  buy.reduce_only = false;
  CHECK(fit_sell(btcusdt(), buy).empty());
  CHECK(buy.quantity == dec("0.00595404"));
  auto close_all = exit_of("0");
  close_all.type = order_type::stop_loss_limit;
  CHECK(fit_sell(btcusdt(), close_all).empty());
  CHECK(close_all.quantity.is_zero());
}
