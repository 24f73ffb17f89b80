#include "actors/tracker/safety.hpp"

namespace tn {

namespace {

decimal fraction(double x) {
  // Thresholds are validated finite fractions; 8 decimals hold them exactly
  // as written in the config (0.04, 0.125).
  return decimal::from_double(x).value_or(decimal{});
}

constexpr auto one = decimal::from_int(1);

} // namespace

safety_levels to_levels(const safety_thresholds& x) {
  return {fraction(x.stop_loss), fraction(x.trailing_stop), fraction(x.trailing_activation)};
}

decimal stop_loss_price(const safety_levels& lv, decimal entry) {
  return mul(entry, one - lv.stop_loss);
}

decimal activation_price(const safety_levels& lv, decimal entry) {
  return mul(entry, one + lv.activation);
}

decimal trailing_price(const safety_levels& lv, decimal best) {
  return mul(best, one - lv.trailing_stop);
}

stop_level stop_of(const safety_levels& lv, const position& p) {
  stop_level loss{stop_loss_price(lv, p.entry_price), order_reason::stop_loss};
  if (!p.trailing_armed)
    return loss;
  stop_level trail{trailing_price(lv, p.best_price), order_reason::trailing_stop};
  return trail.price > loss.price ? trail : loss;
}

std::optional<stop_level> check_price(const safety_levels& lv, position& p, decimal price) {
  p.best_price = max(p.best_price, price);
  if (!p.trailing_armed && p.best_price >= activation_price(lv, p.entry_price))
    p.trailing_armed = true;
  auto stop = stop_of(lv, p);
  if (price <= stop.price)
    return stop;
  return std::nullopt;
}

} // namespace tn
