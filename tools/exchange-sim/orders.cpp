#include "tools/exchange-sim/orders.hpp"

#include <algorithm>

namespace tn::sim {

namespace {

bool take_profit(const sim_order& o) {
  return o.type.rfind("TAKE_PROFIT", 0) == 0;
}

} // namespace

bool stop_fires(const sim_order& o, units lo, units hi) {
  if (!o.has_trigger() || o.triggered)
    return false;
  bool falls = o.buy == take_profit(o); // a SELL stop-loss waits for the price to fall
  return falls ? lo <= o.stop_price : hi >= o.stop_price;
}

std::optional<execution> resting_fill(const sim_order& o, units lo, units hi) {
  if (!o.is_open() || !o.working())
    return std::nullopt;
  if (o.price == 0) // a fired STOP_MARKET / TAKE_PROFIT_MARKET
    return execution{o.stop_price, false};
  if (o.has_trigger() && (o.buy ? o.price >= o.stop_price : o.price <= o.stop_price))
    return execution{o.stop_price, false};
  if (o.buy ? lo < o.price : hi > o.price)
    return execution{o.price, true};
  return std::nullopt;
}

std::optional<execution> arrival_fill(const sim_order& o, units last) {
  if (!o.working())
    return std::nullopt;
  if (o.price == 0)
    return execution{last, false};
  if (o.buy ? o.price >= last : o.price <= last)
    return execution{last, false};
  return std::nullopt;
}

fill_budget::fill_budget(units volume, units share, units step)
  : left_(mul8(volume, share)), step_(step) {
}

fill_budget fill_budget::unlimited() {
  return fill_budget{};
}

units fill_budget::take(units want) {
  if (!left_)
    return want;
  units got = std::min(want, *left_);
  if (step_ > 0)
    got = floor_to(got, step_);
  *left_ -= got;
  return got;
}

std::string client_id_for(uint64_t n) {
  static constexpr char digits[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  // splitmix64 of the counter: unique per n, and spread over the alphabet
  uint64_t x = n * 0x9e3779b97f4a7c15ULL;
  std::string out;
  for (int round = 0; out.size() < 22; ++round) {
    uint64_t z = x + static_cast<uint64_t>(round) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int i = 0; i < 10 && out.size() < 22; ++i, z /= 62)
      out += digits[z % 62];
  }
  return out;
}

units mul8(units a, units b) {
  return a * b / pow10(order_scale);
}

units to_order_scale(units value, int from) {
  return from <= order_scale ? rescale(value, from, order_scale)
                             : value / pow10(from - order_scale);
}

} // namespace tn::sim
