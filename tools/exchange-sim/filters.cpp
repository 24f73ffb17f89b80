#include "tools/exchange-sim/filters.hpp"

#include <simdjson.h>

namespace tn::sim {

namespace {

constexpr int scale8 = 8;

units field(simdjson::dom::element f, std::string_view key) {
  std::string_view text;
  units value = 0;
  if (!f[key].get_string().get(text) && parse_fixed(text, scale8, value))
    return value;
  return 0;
}

bool flag(simdjson::dom::element f, std::string_view key, bool fallback) {
  bool value = fallback;
  return f[key].get_bool().get(value) ? fallback : value;
}

grid_rule grid(simdjson::dom::element f, std::string_view min, std::string_view max,
               std::string_view step) {
  return {field(f, min), field(f, max), field(f, step)};
}

bool fits(const grid_rule& r, units value) {
  return (r.min == 0 || value >= r.min) && (r.max == 0 || value <= r.max)
         && (r.step == 0 || (value - r.min) % r.step == 0);
}

/// price * qty at 8 decimals, rounded down.
units notional(units price, units qty) {
  return price * qty / pow10(scale8);
}

} // namespace

order_filters read_filters(const symbol_rules& rules) {
  order_filters out;
  simdjson::dom::parser parser;
  simdjson::dom::element entry;
  simdjson::dom::array filters;
  if (parser.parse(rules.entry).get(entry) || entry["filters"].get_array().get(filters))
    return out;
  for (auto f : filters) {
    std::string_view type;
    if (f["filterType"].get_string().get(type))
      continue;
    if (type == "PRICE_FILTER") {
      out.price = grid(f, "minPrice", "maxPrice", "tickSize");
    } else if (type == "LOT_SIZE") {
      out.lot = grid(f, "minQty", "maxQty", "stepSize");
    } else if (type == "MARKET_LOT_SIZE") {
      out.market_lot = grid(f, "minQty", "maxQty", "stepSize");
    } else if (type == "NOTIONAL") {
      out.min_notional = field(f, "minNotional");
      out.max_notional = field(f, "maxNotional");
      out.min_to_market = flag(f, "applyMinToMarket", true);
      out.max_to_market = flag(f, "applyMaxToMarket", false);
    } else if (type == "MIN_NOTIONAL") {
      // futures write "notional", spot's older filter "minNotional"
      out.min_notional = field(f, "minNotional") ? field(f, "minNotional") : field(f, "notional");
      out.min_to_market = flag(f, "applyToMarket", true);
      out.notional_filter = "MIN_NOTIONAL";
    }
  }
  return out;
}

std::optional<std::string> failed_filter(const order_filters& f, const order_shape& o) {
  if (f.price) {
    if (!o.market && !fits(*f.price, o.price))
      return "PRICE_FILTER";
    if (o.stop_price != 0 && !fits(*f.price, o.stop_price))
      return "PRICE_FILTER";
  }
  if (f.lot && !fits(*f.lot, o.qty))
    return "LOT_SIZE";
  if (o.market && f.market_lot && !fits(*f.market_lot, o.qty))
    return "MARKET_LOT_SIZE";
  auto value = notional(o.market ? o.notional_price : o.price, o.qty);
  if (f.min_notional > 0 && (!o.market || f.min_to_market) && value < f.min_notional)
    return f.notional_filter;
  if (f.max_notional > 0 && (!o.market || f.max_to_market) && value > f.max_notional)
    return "NOTIONAL";
  return std::nullopt;
}

} // namespace tn::sim
