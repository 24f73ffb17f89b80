#include "tools/exchange-sim/exchange_info.hpp"

#include "tools/exchange-sim/assets.hpp"
#include "tools/exchange-sim/render.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

namespace tn::sim {

namespace {

constexpr int scale8 = 8;

constexpr std::string_view default_rate_limits =
  R"([{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},)"
  R"({"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":50},)"
  R"({"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":160000},)"
  R"({"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000}])";

/// A filter's decimal field at 8 decimals, 0 if absent or malformed.
units filter_value(simdjson::dom::array filters, std::string_view type, std::string_view key) {
  for (auto f : filters) {
    std::string_view name;
    std::string_view text;
    units value = 0;
    if (!f["filterType"].get_string().get(name) && name == type
        && !f[key].get_string().get(text) && parse_fixed(text, scale8, value))
      return value;
  }
  return 0;
}

/// About 5 USD in the quote asset, as a power of ten unless the quote is
/// worth about a dollar.
units min_notional(std::string_view quote) {
  double usd = usd_value(quote);
  if (usd <= 0 || (usd >= 0.5 && usd <= 2))
    return 5 * pow10(scale8);
  int exponent = static_cast<int>(std::lround(std::log10(5 / usd)));
  return pow10(scale8 + std::clamp(exponent, -scale8, 10));
}

} // namespace

bool read_symbol_rules(std::string_view json, const std::vector<std::string>& wanted,
                       std::vector<symbol_rules>& out, std::string& rate_limits,
                       std::string& error) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array symbols;
  if (parser.parse(json.data(), json.size()).get(doc) || doc["symbols"].get_array().get(symbols)) {
    error = "not an exchangeInfo body";
    return false;
  }
  simdjson::dom::array limits;
  if (!doc["rateLimits"].get_array().get(limits))
    rate_limits = simdjson::minify(limits);
  out.clear();
  for (const auto& name : wanted)
    for (auto s : symbols) {
      std::string_view symbol;
      if (s["symbol"].get_string().get(symbol) || symbol != name)
        continue;
      symbol_rules r;
      r.symbol = name;
      r.entry = simdjson::minify(s);
      simdjson::dom::array filters;
      if (!s["filters"].get_array().get(filters)) {
        r.tick = filter_value(filters, "PRICE_FILTER", "tickSize");
        r.lot = filter_value(filters, "LOT_SIZE", "stepSize");
      }
      out.push_back(std::move(r));
      break;
    }
  return true;
}

symbol_rules generated_rules(const kline_series& series) {
  symbol_rules r;
  r.symbol = series.symbol;
  int price_scale = std::max(scale8, series.scale.price);
  int qty_scale = std::max(scale8, series.scale.qty);
  units tick = rescale(series.tick, series.scale.price, price_scale);
  units lot = rescale(series.lot, series.scale.qty, qty_scale);
  r.tick = rescale(series.tick, series.scale.price, scale8);
  r.lot = rescale(series.lot, series.scale.qty, scale8);
  auto [base, quote] = split_symbol(series.symbol);
  auto& e = r.entry;
  auto dec = [&](std::string_view key, units v, int scale) {
    e += ",\"";
    e += key;
    e += "\":\"";
    append_fixed(e, v, scale);
    e += '"';
  };
  e += R"({"symbol":)";
  append_json_string(e, series.symbol);
  e += R"(,"status":"TRADING","baseAsset":)";
  append_json_string(e, base);
  e += R"(,"baseAssetPrecision":8,"quoteAsset":)";
  append_json_string(e, quote);
  e += R"(,"quotePrecision":8,"quoteAssetPrecision":8,"baseCommissionPrecision":8,)"
       R"("quoteCommissionPrecision":8,"orderTypes":["LIMIT","LIMIT_MAKER","MARKET",)"
       R"("STOP_LOSS_LIMIT","TAKE_PROFIT_LIMIT"],"icebergAllowed":true,"ocoAllowed":true,)"
       R"("quoteOrderQtyMarketAllowed":true,"allowTrailingStop":true,)"
       R"("cancelReplaceAllowed":true,"isSpotTradingAllowed":true,)"
       R"("isMarginTradingAllowed":false,"filters":[{"filterType":"PRICE_FILTER")";
  dec("minPrice", tick, price_scale);
  dec("maxPrice", tick * pow10(8), price_scale);
  dec("tickSize", tick, price_scale);
  e += R"(},{"filterType":"LOT_SIZE")";
  dec("minQty", lot, qty_scale);
  dec("maxQty", lot * 9 * pow10(8), qty_scale);
  dec("stepSize", lot, qty_scale);
  e += R"(},{"filterType":"NOTIONAL")";
  dec("minNotional", min_notional(quote), scale8);
  e += R"(,"applyMinToMarket":true,"maxNotional":"9000000.00000000",)"
       R"("applyMaxToMarket":false,"avgPriceMins":5}],"permissions":["SPOT"],)"
       R"("defaultSelfTradePreventionMode":"NONE","allowedSelfTradePreventionModes":)"
       R"(["NONE","EXPIRE_TAKER","EXPIRE_MAKER","EXPIRE_BOTH"]})";
  return r;
}

bool rules_fit(const symbol_rules& rules, const kline_series& series) {
  int scale = std::max(scale8, series.scale.price);
  units tick = rescale(rules.tick, scale8, scale);
  return tick <= 0 || rescale(series.tick, series.scale.price, scale) % tick == 0;
}

exchange_info::exchange_info(std::vector<symbol_rules> symbols, std::string rate_limits)
  : symbols_(std::move(symbols)),
    rate_limits_(rate_limits.empty() ? std::string{default_rate_limits} : std::move(rate_limits)) {
}

const symbol_rules* exchange_info::find(std::string_view symbol) const {
  for (const auto& s : symbols_)
    if (s.symbol == symbol)
      return &s;
  return nullptr;
}

std::string exchange_info::render(int64_t server_time,
                                  const std::vector<const symbol_rules*>& only) const {
  std::string out = R"({"timezone":"UTC","serverTime":)";
  append_int(out, server_time);
  out += R"(,"rateLimits":)";
  out += rate_limits_;
  out += R"(,"exchangeFilters":[],"symbols":[)";
  bool first = true;
  auto add = [&](const symbol_rules& r) {
    if (!first)
      out += ',';
    first = false;
    out += r.entry;
  };
  if (only.empty())
    for (const auto& s : symbols_)
      add(s);
  else
    for (const auto* s : only)
      add(*s);
  out += "]}";
  return out;
}

} // namespace tn::sim
