#include "actors/broker/sell_fit.hpp"

namespace tn {

std::string fit_sell(const symbol_filters& f, order_request& x) {
  if (x.side != order_side::sell || !x.reduce_only)
    return {};
  if (x.price.is_positive())
    x.price = round_price(f, x.price, rounding::down);
  if (x.stop_price.is_positive())
    x.stop_price = round_price(f, x.stop_price, rounding::down);
  if (x.quantity.is_zero())
    return {}; // closes whatever the position is when it triggers
  auto fitted = round_quantity(f, x.quantity, x.type);
  if (!fitted.is_positive())
    return to_string(x.quantity) + " " + x.symbol
           + " is below the exchange's lot step: dust no order can sell";
  x.quantity = fitted;
  return {};
}

} // namespace tn
