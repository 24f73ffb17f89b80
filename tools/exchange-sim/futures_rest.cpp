#include "tools/exchange-sim/futures_rest.hpp"

#include "tools/exchange-sim/assets.hpp"
#include "tools/exchange-sim/derivatives.hpp"
#include "tools/exchange-sim/order_params.hpp"
#include "tools/exchange-sim/orders.hpp"
#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/render.hpp"
#include "tools/exchange-sim/tickers.hpp"

#include <algorithm>
#include <map>

namespace tn::sim {

namespace {

const std::map<std::string_view, int64_t> data_periods = {
  {"5m", 300'000},      {"15m", 900'000},     {"30m", 1'800'000},  {"1h", 3'600'000},
  {"2h", 7'200'000},    {"4h", 14'400'000},   {"6h", 21'600'000},  {"12h", 43'200'000},
  {"1d", 86'400'000}};

http_reply exchange_info_reply(const exchange_info& info, const rest_context& ctx) {
  std::string out = R"({"timezone":"UTC","serverTime":)";
  append_int(out, ctx.wall_ms);
  out += R"(,"futuresType":"U_MARGINED","rateLimits":)";
  out += info.rate_limits();
  out += R"(,"exchangeFilters":[],"assets":[{"asset":"USDT","marginAvailable":true,)"
         R"("autoAssetExchange":"-10000"}],"symbols":[)";
  bool first = true;
  for (const auto& r : info.symbols()) {
    out += first ? "" : ",";
    first = false;
    out += r.entry;
  }
  return json_reply(200, out + "]}");
}

http_reply premium_index(const market& m, const exchange_info& info, const request_target& t,
                         const rest_context& ctx) {
  return price_items(m, info, t, ctx, [&](const kline_series& s, units price) {
    auto p = premium_at(s, price, ctx.market_ms);
    std::string out = "{";
    json_string(out, "symbol", s.symbol);
    json_decimal(out, "markPrice", p.mark, p.scale);
    json_decimal(out, "indexPrice", p.mark, p.scale);
    json_decimal(out, "estimatedSettlePrice", p.mark, p.scale);
    json_decimal(out, "lastFundingRate", p.funding_rate, 8);
    json_decimal(out, "interestRate", interest_rate, 8);
    json_int(out, "nextFundingTime", p.next_funding_time);
    json_int(out, "time", ctx.market_ms);
    return out + "}";
  });
}

/// startTime, endTime and limit as the futures data endpoints read them.
struct window {
  std::optional<int64_t> start, end, limit;
};

std::optional<http_reply> read_window(const request_target& t, window& w) {
  for (auto [name, field] : {std::pair{"startTime", &w.start}, {"endTime", &w.end}, {"limit", &w.limit}})
    if (auto err = read_int(t, name, *field))
      return err;
  return std::nullopt;
}

/// Multiples of `step` in [from, to], at most `limit`: the earliest from
/// startTime forwards, else the latest.
std::vector<int64_t> points(int64_t from, int64_t to, int64_t step, const window& w, size_t limit) {
  std::vector<int64_t> out;
  int64_t lo = std::max(from, w.start.value_or(from));
  int64_t hi = std::min(to, w.end.value_or(to));
  for (int64_t p = (lo + step - 1) / step * step; p <= hi; p += step)
    out.push_back(p);
  if (out.size() > limit)
    out = w.start ? std::vector<int64_t>(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit))
                  : std::vector<int64_t>(out.end() - static_cast<std::ptrdiff_t>(limit), out.end());
  return out;
}

http_reply funding_history(const market& m, const exchange_info& info, const request_target& t,
                           const rest_context& ctx) {
  std::vector<const kline_series*> list;
  if (auto err = pick_series(m, info, t, false, list))
    return *err;
  window w;
  if (auto err = read_window(t, w))
    return *err;
  size_t limit = static_cast<size_t>(std::clamp<int64_t>(w.limit.value_or(100), 1, 1000));
  std::string out = "[";
  for (const auto* s : list) {
    if (s->bars.empty())
      continue;
    for (auto at : points(s->bars.front().open_time + funding_interval_ms, ctx.market_ms,
                          funding_interval_ms, w, limit)) {
      auto rate = funding_rate(*s, at);
      auto price = close_at(*s, at);
      if (!rate || !price)
        continue;
      out += out.size() == 1 ? "{" : ",{";
      json_string(out, "symbol", s->symbol);
      json_decimal(out, "fundingRate", *rate, 8);
      json_int(out, "fundingTime", at);
      json_decimal(out, "markPrice", rescale(*price, s->scale.price, std::max(8, s->scale.price)),
                   std::max(8, s->scale.price));
      out += '}';
    }
  }
  return json_reply(200, out + "]");
}

http_reply open_interest_now(const market& m, const exchange_info& info, const request_target& t,
                             const rest_context& ctx) {
  std::vector<const kline_series*> list;
  if (auto err = pick_series(m, info, t, true, list))
    return *err;
  std::string out = "{";
  const auto* s = list.front();
  json_decimal(out, "openInterest", open_interest(*s, ctx.market_ms), s->scale.qty);
  json_string(out, "symbol", s->symbol);
  json_int(out, "time", ctx.market_ms);
  return json_reply(200, out + "}");
}

/// openInterestHist and globalLongShortAccountRatio.
http_reply data_series(const market& m, const exchange_info& info, const request_target& t,
                       const rest_context& ctx, bool ratio) {
  std::vector<const kline_series*> list;
  if (auto err = pick_series(m, info, t, true, list))
    return *err;
  const auto* period = t.get("period");
  if (!period || period->empty())
    return missing_param("period");
  auto p = data_periods.find(*period);
  if (p == data_periods.end())
    return error_reply(400, -1120, "Invalid period.");
  window w;
  if (auto err = read_window(t, w))
    return *err;
  size_t limit = static_cast<size_t>(std::clamp<int64_t>(w.limit.value_or(30), 1, 500));
  const auto* s = list.front();
  std::string out = "[";
  if (s->bars.empty())
    return json_reply(200, "[]");
  for (auto at : points(s->bars.front().open_time + p->second, ctx.market_ms, p->second, w, limit)) {
    out += out.size() == 1 ? "{" : ",{";
    json_string(out, "symbol", s->symbol);
    if (ratio) {
      auto longs = long_account_share(*s, at, p->second);
      json_decimal(out, "longShortRatio", longs * 10000 / (10000 - longs), 4);
      json_decimal(out, "longAccount", longs, 4);
      json_decimal(out, "shortAccount", 10000 - longs, 4);
    } else {
      auto oi = open_interest(*s, at);
      auto price = close_at(*s, at).value_or(0);
      json_decimal(out, "sumOpenInterest", rescale(oi, s->scale.qty, std::max(8, s->scale.qty)),
                   std::max(8, s->scale.qty));
      // base units times price: decimals add up
      json_decimal(out, "sumOpenInterestValue",
                   oi * price / pow10(std::max(0, s->scale.qty + s->scale.price - 8)),
                   std::min(8, s->scale.qty + s->scale.price));
    }
    json_int(out, "timestamp", at);
    out += '}';
  }
  return json_reply(200, out + "]");
}

/// Futures ticker/price adds the time.
http_reply futures_ticker_price(const market& m, const exchange_info& info, const request_target& t,
                                const rest_context& ctx) {
  return price_items(m, info, t, ctx, [&](const kline_series& s, units price) {
    std::string out = "{";
    json_string(out, "symbol", s.symbol);
    json_decimal(out, "price", price, s.scale.price);
    json_int(out, "time", ctx.market_ms);
    return out + "}";
  });
}

} // namespace

symbol_rules generated_futures_rules(const kline_series& series) {
  symbol_rules r;
  r.symbol = series.symbol;
  r.tick = to_order_scale(series.tick, series.scale.price);
  r.lot = to_order_scale(series.lot, series.scale.qty);
  auto [base, quote] = split_symbol(series.symbol);
  int pp = series.scale.price;
  int qp = series.scale.qty;
  auto& e = r.entry;
  auto dec = [&](std::string_view key, units v, int scale) { json_decimal(e, key, v, scale); };
  e = "{";
  json_string(e, "symbol", series.symbol);
  json_string(e, "pair", series.symbol);
  e += R"(,"contractType":"PERPETUAL","deliveryDate":4133404800000,"onboardDate":1569398400000,)"
       R"("status":"TRADING","maintMarginPercent":"2.5000","requiredMarginPercent":"5.0000")";
  json_string(e, "baseAsset", base);
  json_string(e, "quoteAsset", quote);
  json_string(e, "marginAsset", quote);
  json_int(e, "pricePrecision", pp);
  json_int(e, "quantityPrecision", qp);
  e += R"(,"baseAssetPrecision":8,"quotePrecision":8,"underlyingType":"COIN",)"
       R"("underlyingSubType":[],"settlePlan":0,"triggerProtect":"0.0500",)"
       R"("liquidationFee":"0.012500","marketTakeBound":"0.05","filters":[{)";
  dec("minPrice", series.tick, pp);
  dec("maxPrice", series.tick * pow10(8), pp);
  e += R"(,"filterType":"PRICE_FILTER")";
  dec("tickSize", series.tick, pp);
  e += "},{";
  dec("stepSize", series.lot, qp);
  e += R"(,"filterType":"LOT_SIZE")";
  dec("maxQty", series.lot * 9 * pow10(6), qp);
  dec("minQty", series.lot, qp);
  e += "},{";
  dec("stepSize", series.lot, qp);
  e += R"(,"filterType":"MARKET_LOT_SIZE")";
  dec("maxQty", series.lot * 9 * pow10(5), qp);
  dec("minQty", series.lot, qp);
  e += R"(},{"limit":200,"filterType":"MAX_NUM_ORDERS"},{"notional":"5","filterType":"MIN_NOTIONAL"},)"
       R"({"multiplierDown":"0.9500","multiplierUp":"1.0500","multiplierDecimal":"4",)"
       R"("filterType":"PERCENT_PRICE"}],"orderTypes":["LIMIT","MARKET","STOP","STOP_MARKET",)"
       R"("TAKE_PROFIT","TAKE_PROFIT_MARKET","TRAILING_STOP_MARKET"],)"
       R"("timeInForce":["GTC","IOC","FOK","GTX","GTD"]})";
  return r;
}

bool is_futures_public(std::string_view path) {
  return path.rfind("/fapi/v1/", 0) == 0 || path.rfind("/futures/data/", 0) == 0
         || path == "/dapi/v1/exchangeInfo";
}

http_reply handle_futures_rest(const market& m, const exchange_info& info,
                               std::string_view method, std::string_view target,
                               const rest_context& ctx) {
  auto t = parse_target(target);
  if (method == "GET") {
    auto q = target.find('?');
    auto query = q == std::string_view::npos ? std::string{} : std::string{target.substr(q)};
    if (t.path == "/fapi/v1/ping")
      return json_reply(200, "{}");
    if (t.path == "/fapi/v1/time")
      return json_reply(200, render_server_time(ctx.wall_ms));
    if (t.path == "/fapi/v1/exchangeInfo")
      return exchange_info_reply(info, ctx);
    if (t.path == "/dapi/v1/exchangeInfo") // no coin-margined contracts
      return exchange_info_reply(exchange_info{{}, info.rate_limits()}, ctx);
    if (t.path == "/fapi/v1/klines") // the spot klines, served as the contract's
      return handle_rest(m, info, "GET", "/api/v3/klines" + query, ctx);
    if (t.path == "/fapi/v1/ticker/price")
      return futures_ticker_price(m, info, t, ctx);
    if (t.path == "/fapi/v1/ticker/24hr")
      return ticker_24hr_reply(m, info, t, ctx, true);
    if (t.path == "/fapi/v1/ticker/bookTicker")
      return book_ticker_reply(m, info, t, ctx, true);
    if (t.path == "/fapi/v1/premiumIndex")
      return premium_index(m, info, t, ctx);
    if (t.path == "/fapi/v1/fundingRate")
      return funding_history(m, info, t, ctx);
    if (t.path == "/fapi/v1/openInterest")
      return open_interest_now(m, info, t, ctx);
    if (t.path == "/futures/data/openInterestHist")
      return data_series(m, info, t, ctx, false);
    if (t.path == "/futures/data/globalLongShortAccountRatio")
      return data_series(m, info, t, ctx, true);
  }
  return error_reply(404, -1000, "Unknown endpoint " + std::string{method} + " " + t.path + ".");
}

} // namespace tn::sim
