#include "runtime/exchange/symbol_filters.hpp"

#include <simdjson.h>

namespace tn {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

/// A filter field: absent reads as zero (no such bound); present but not
/// a decimal the node can hold is an error naming it.
bool read_decimal(object filter, std::string_view key, decimal& out, std::string& error) {
  std::string_view text;
  auto field = filter[key];
  if (field.error() == simdjson::NO_SUCH_FIELD) {
    out = decimal{};
    return true;
  }
  if (field.get_string().get(text) != simdjson::SUCCESS) {
    error = std::string{key} + " is not a string";
    return false;
  }
  auto value = decimal::parse(text);
  if (!value) {
    error = std::string{key} + " '" + std::string{text} + "' is not a decimal of at most 8 places";
    return false;
  }
  out = *value;
  return true;
}

bool read_bool(object filter, std::string_view key, bool fallback) {
  bool value = fallback;
  if (filter[key].get_bool().get(value) != simdjson::SUCCESS)
    return fallback;
  return value;
}

bool read_lot(object filter, lot_filter& out, std::string& error) {
  return read_decimal(filter, "minQty", out.min_qty, error)
         && read_decimal(filter, "maxQty", out.max_qty, error)
         && read_decimal(filter, "stepSize", out.step_size, error);
}

/// One entry of a symbol's "filters"; types the node does not check
/// (ICEBERG_PARTS, MAX_NUM_ORDERS, ...) are ignored.
bool read_filter(object filter, symbol_filters& out, std::string& error) {
  std::string_view type;
  if (filter["filterType"].get_string().get(type) != simdjson::SUCCESS) {
    error = "a filter without filterType";
    return false;
  }
  auto fail = [&](bool ok) {
    if (!ok)
      error = std::string{type} + ": " + error;
    return ok;
  };
  if (type == "PRICE_FILTER") {
    auto& p = out.price.emplace();
    return fail(read_decimal(filter, "minPrice", p.min_price, error)
                && read_decimal(filter, "maxPrice", p.max_price, error)
                && read_decimal(filter, "tickSize", p.tick_size, error));
  }
  if (type == "LOT_SIZE") {
    out.lot.emplace();
    return fail(read_lot(filter, *out.lot, error));
  }
  if (type == "MARKET_LOT_SIZE") {
    out.market_lot.emplace();
    return fail(read_lot(filter, *out.market_lot, error));
  }
  if (type == "NOTIONAL") {
    auto& n = out.notional.emplace();
    n.apply_min_to_market = read_bool(filter, "applyMinToMarket", true);
    n.apply_max_to_market = read_bool(filter, "applyMaxToMarket", false);
    return fail(read_decimal(filter, "minNotional", n.min_notional, error)
                && read_decimal(filter, "maxNotional", n.max_notional, error));
  }
  if (type == "MIN_NOTIONAL") {
    // Spot's older filter (minNotional, applyToMarket) and futures' one
    // (notional); a NOTIONAL filter of the same symbol takes precedence.
    if (out.notional)
      return true;
    auto& n = out.notional.emplace();
    n.name = "MIN_NOTIONAL";
    n.apply_min_to_market = read_bool(filter, "applyToMarket", true);
    if (filter["notional"].error() == simdjson::SUCCESS)
      return fail(read_decimal(filter, "notional", n.min_notional, error));
    return fail(read_decimal(filter, "minNotional", n.min_notional, error));
  }
  if (type == "PERCENT_PRICE_BY_SIDE") {
    auto& p = out.percent_price.emplace();
    return fail(read_decimal(filter, "bidMultiplierUp", p.bid_up, error)
                && read_decimal(filter, "bidMultiplierDown", p.bid_down, error)
                && read_decimal(filter, "askMultiplierUp", p.ask_up, error)
                && read_decimal(filter, "askMultiplierDown", p.ask_down, error));
  }
  if (type == "PERCENT_PRICE") {
    auto& p = out.percent_price.emplace();
    bool ok = read_decimal(filter, "multiplierUp", p.bid_up, error)
              && read_decimal(filter, "multiplierDown", p.bid_down, error);
    p.ask_up = p.bid_up;
    p.ask_down = p.bid_down;
    return fail(ok);
  }
  return true;
}

std::string_view string_or_empty(object obj, std::string_view key) {
  std::string_view text;
  if (obj[key].get_string().get(text) != simdjson::SUCCESS)
    return {};
  return text;
}

bool read_symbol(object obj, symbol_filters& out, std::string& error) {
  out.symbol = std::string{string_or_empty(obj, "symbol")};
  out.status = std::string{string_or_empty(obj, "status")};
  out.base_asset = std::string{string_or_empty(obj, "baseAsset")};
  out.quote_asset = std::string{string_or_empty(obj, "quoteAsset")};
  if (out.symbol.empty()) {
    error = "a symbol without a name";
    return false;
  }
  simdjson::dom::array filters;
  if (obj["filters"].get_array().get(filters) != simdjson::SUCCESS) {
    error = "no filters";
    return false;
  }
  for (element x : filters) {
    object filter;
    if (x.get_object().get(filter) != simdjson::SUCCESS) {
      error = "a filter that is not an object";
      return false;
    }
    if (!read_filter(filter, out, error))
      return false;
  }
  return true;
}

} // namespace

const symbol_filters* exchange_filters::find(std::string_view symbol) const {
  auto i = symbols.find(std::string{symbol});
  return i == symbols.end() ? nullptr : &i->second;
}

bool parse_exchange_info(std::string_view body, market_kind market, exchange_filters& out,
                         std::string& error) {
  out = exchange_filters{};
  out.market = market;
  simdjson::dom::parser parser;
  simdjson::dom::array symbols;
  object root;
  if (parser.parse(body.data(), body.size()).get_object().get(root) != simdjson::SUCCESS) {
    error = "exchangeInfo: the body is not a JSON object";
    return false;
  }
  if (root["symbols"].get_array().get(symbols) != simdjson::SUCCESS) {
    error = "exchangeInfo: no symbols array";
    return false;
  }
  for (element x : symbols) {
    object obj;
    symbol_filters f;
    std::string why;
    if (x.get_object().get(obj) != simdjson::SUCCESS) {
      why = "a symbol entry that is not an object";
    } else if (read_symbol(obj, f, why)) {
      auto name = f.symbol;
      out.symbols.emplace(std::move(name), std::move(f));
      continue;
    }
    out.skipped.push_back((f.symbol.empty() ? std::string{"?"} : f.symbol) + ": " + why);
  }
  return true;
}

} // namespace tn
