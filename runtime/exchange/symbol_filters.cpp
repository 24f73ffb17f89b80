#include "runtime/exchange/symbol_filters.hpp"

namespace tn {

namespace {

std::string text(decimal x) {
  return to_string(x);
}

/// Whether `value` lies on the grid of `step` counted from `origin`.
bool on_grid(decimal value, decimal origin, decimal step) {
  return step.units <= 0 || (value.units - origin.units) % step.units == 0;
}

std::string check_price(const price_filter& p, decimal price) {
  if (p.min_price.is_positive() && price < p.min_price)
    return "PRICE_FILTER: price " + text(price) + " is below minPrice " + text(p.min_price);
  if (p.max_price.is_positive() && price > p.max_price)
    return "PRICE_FILTER: price " + text(price) + " is above maxPrice " + text(p.max_price);
  if (!on_grid(price, p.min_price, p.tick_size))
    return "PRICE_FILTER: price " + text(price) + " is not a multiple of tickSize "
           + text(p.tick_size);
  return {};
}

std::string check_lot(const char* name, const lot_filter& l, decimal quantity) {
  if (!quantity.is_positive())
    return std::string{name} + ": quantity " + text(quantity) + " is not positive";
  if (quantity < l.min_qty)
    return std::string{name} + ": quantity " + text(quantity) + " is below minQty "
           + text(l.min_qty);
  if (l.max_qty.is_positive() && quantity > l.max_qty)
    return std::string{name} + ": quantity " + text(quantity) + " is above maxQty "
           + text(l.max_qty);
  if (!on_grid(quantity, l.min_qty, l.step_size))
    return std::string{name} + ": quantity " + text(quantity) + " is not a multiple of stepSize "
           + text(l.step_size);
  return {};
}

std::string check_notional(const notional_filter& n, bool market, decimal price,
                           decimal quantity) {
  auto value = mul(price, quantity, rounding::down);
  auto& name = n.name;
  if ((!market || n.apply_min_to_market) && value < n.min_notional)
    return name + ": notional " + text(value) + " (" + text(quantity) + " at "
           + text(price) + ") is below the minimum " + text(n.min_notional);
  if ((!market || n.apply_max_to_market) && n.max_notional.is_positive() && value > n.max_notional)
    return name + ": notional " + text(value) + " (" + text(quantity) + " at "
           + text(price) + ") is above the maximum " + text(n.max_notional);
  return {};
}

std::string check_percent(const percent_price_filter& p, order_side side, decimal price,
                          decimal reference) {
  auto up = side == order_side::buy ? p.bid_up : p.ask_up;
  auto down = side == order_side::buy ? p.bid_down : p.ask_down;
  auto high = mul(reference, up, rounding::down);
  auto low = mul(reference, down, rounding::up);
  if (up.is_positive() && price > high)
    return "PERCENT_PRICE: price " + text(price) + " is above " + text(up) + " x the reference "
           + text(reference) + " (" + text(high) + ")";
  if (price < low)
    return "PERCENT_PRICE: price " + text(price) + " is below " + text(down) + " x the reference "
           + text(reference) + " (" + text(low) + ")";
  return {};
}

} // namespace

decimal round_price(const symbol_filters& f, decimal price, rounding mode) {
  if (!f.price || !f.price->tick_size.is_positive())
    return price;
  auto origin = f.price->min_price;
  return origin + round_to_step(price - origin, f.price->tick_size, mode);
}

decimal round_quantity(const symbol_filters& f, decimal quantity, order_type type) {
  auto down_to = [&](const std::optional<lot_filter>& l) {
    if (l && quantity < l->min_qty)
      quantity = decimal{}; // up to minQty would be more than asked
    else if (l && l->step_size.is_positive())
      quantity = l->min_qty + round_to_step(quantity - l->min_qty, l->step_size, rounding::down);
  };
  down_to(f.lot);
  if (type == order_type::market)
    down_to(f.market_lot);
  return quantity;
}

decimal max_quantity(const symbol_filters& f, order_type type) {
  decimal out;
  auto cap = [&](const std::optional<lot_filter>& l) {
    if (l && l->max_qty.is_positive())
      out = out.is_positive() ? min(out, l->max_qty) : l->max_qty;
  };
  cap(f.lot);
  if (type == order_type::market)
    cap(f.market_lot);
  return out;
}

decimal min_notional(const symbol_filters& f, order_type type) {
  if (!f.notional || (type == order_type::market && !f.notional->apply_min_to_market))
    return {};
  return f.notional->min_notional;
}

std::string check_order(const symbol_filters& f, const order_check& o) {
  if (!f.trading())
    return "status: " + f.symbol + " is " + (f.status.empty() ? "unlisted" : f.status)
           + ", not TRADING";
  bool market = o.type == order_type::market;
  if (!market && f.price)
    if (auto why = check_price(*f.price, o.price); !why.empty())
      return why;
  if (f.lot)
    if (auto why = check_lot("LOT_SIZE", *f.lot, o.quantity); !why.empty())
      return why;
  if (market && f.market_lot)
    if (auto why = check_lot("MARKET_LOT_SIZE", *f.market_lot, o.quantity); !why.empty())
      return why;
  auto price = market ? o.reference_price : o.price;
  if (f.notional)
    if (auto why = check_notional(*f.notional, market, price, o.quantity); !why.empty())
      return why;
  if (!market && f.percent_price && o.reference_price.is_positive())
    if (auto why = check_percent(*f.percent_price, o.side, o.price, o.reference_price);
        !why.empty())
      return why;
  return {};
}

} // namespace tn
