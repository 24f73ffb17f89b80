#include "tools/exchange-sim/rest.hpp"

#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/render.hpp"
#include "tools/exchange-sim/replay.hpp"
#include "tools/exchange-sim/tickers.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace tn::sim {

namespace {

constexpr size_t max_klines = 1000;
constexpr int64_t micros_threshold = 100'000'000'000'000;
constexpr std::string_view symbol_range = "^[A-Z0-9-_.]{1,20}$";
constexpr std::string_view symbols_range =
  R"(^\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\]$)";

http_reply invalid_symbol() {
  return error_reply(400, -1121, "Invalid symbol.");
}

bool legal_symbol(std::string_view s) {
  return !s.empty() && s.size() <= 20 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

/// An optional unsigned integer parameter; false if present but malformed.
bool optional_uint(const request_target& t, std::string_view name, std::optional<int64_t>& out) {
  const auto* text = t.get(name);
  if (!text)
    return true;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || ptr != text->data() + text->size() || value < 0)
    return false;
  out = value;
  return true;
}

/// Resolves symbol= or symbols=[..] to rules; an error reply on failure.
std::optional<http_reply> select_symbols(const exchange_info& info, const request_target& t,
                                         std::vector<const symbol_rules*>& out) {
  if (const auto* one = t.get("symbol")) {
    if (!legal_symbol(*one))
      return illegal_param("symbol", symbol_range);
    const auto* r = info.find(*one);
    if (!r)
      return invalid_symbol();
    out.push_back(r);
  } else if (const auto* many = t.get("symbols")) {
    simdjson::dom::parser parser;
    simdjson::dom::array list;
    if (parser.parse(many->data(), many->size()).get_array().get(list))
      return illegal_param("symbols", symbols_range);
    for (auto item : list) {
      std::string_view name;
      if (item.get_string().get(name) || !legal_symbol(name))
        return illegal_param("symbols", symbols_range);
      const auto* r = info.find(name);
      if (!r)
        return invalid_symbol();
      out.push_back(r);
    }
  }
  return std::nullopt;
}

http_reply exchange_info_reply(const exchange_info& info, const request_target& t,
                               const rest_context& ctx) {
  std::vector<const symbol_rules*> only;
  if (auto err = select_symbols(info, t, only))
    return *err;
  return json_reply(200, info.render(ctx.wall_ms, only));
}

http_reply klines_reply(const market& m, const request_target& t, const rest_context& ctx) {
  const auto* symbol = t.get("symbol");
  if (!symbol || symbol->empty())
    return missing_param("symbol");
  const auto* interval = t.get("interval");
  if (!interval || interval->empty())
    return missing_param("interval");
  if (!legal_symbol(*symbol))
    return illegal_param("symbol", symbol_range);
  auto span = find_interval(*interval);
  if (!span)
    return error_reply(400, -1120, "Invalid interval.");
  const auto* series = m.find(*symbol);
  if (!series)
    return invalid_symbol();
  kline_query q;
  std::optional<int64_t> limit;
  for (auto [name, field] : {std::pair{"startTime", &q.start_time}, {"endTime", &q.end_time}})
    if (!optional_uint(t, name, *field))
      return illegal_param(name, "^[0-9]{1,20}$");
  if (!optional_uint(t, "limit", limit))
    return illegal_param("limit", "^[0-9]{1,20}$");
  if (limit && *limit == 0)
    return error_reply(400, -1130, "Data sent for parameter 'limit' is not valid.");
  q.limit = limit ? std::min<size_t>(static_cast<size_t>(*limit), max_klines) : 500;
  for (auto* field : {&q.start_time, &q.end_time})
    if (*field && **field >= micros_threshold) // microseconds are accepted too
      **field /= 1000;
  return json_reply(200, render_rest_klines(m.klines(*series, *span, q, ctx.market_ms), series->scale));
}

http_reply ticker_price_reply(const market& m, const exchange_info& info,
                              const request_target& t, const rest_context& ctx) {
  std::vector<const symbol_rules*> only;
  if (auto err = select_symbols(info, t, only))
    return *err;
  std::vector<const kline_series*> list;
  if (only.empty())
    for (const auto& s : m.series())
      list.push_back(&s);
  for (const auto* r : only)
    if (const auto* s = m.find(r->symbol))
      list.push_back(s);
  std::string body;
  int shown = 0;
  for (const auto* s : list) {
    auto price = current_price(*s, ctx);
    if (!price)
      continue;
    body += shown++ ? "," : "";
    body += R"({"symbol":)";
    append_json_string(body, s->symbol);
    body += R"(,"price":")";
    append_fixed(body, *price, s->scale.price);
    body += "\"}";
  }
  if (t.get("symbol"))
    return json_reply(200, body);
  return json_reply(200, "[" + body + "]");
}

} // namespace

std::optional<units> current_price(const kline_series& s, const rest_context& ctx) {
  if (s.bars.empty())
    return std::nullopt;
  auto it = std::upper_bound(s.bars.begin(), s.bars.end(), ctx.market_ms,
                             [](int64_t t, const kline& k) { return t < k.open_time; });
  if (it == s.bars.begin())
    return it->open;
  const auto& bar = *(it - 1);
  auto steps = std::max(1, ctx.updates_per_bar);
  auto step = std::min<int64_t>(steps, (ctx.market_ms - bar.open_time) * steps / minute_ms);
  if (step == 0)
    return it - 1 == s.bars.begin() ? bar.open : (it - 2)->close;
  return partial_bar(bar, static_cast<int>(step), steps, s.tick, s.lot).close;
}

http_reply error_reply(int status, int code, std::string_view msg) {
  return json_reply(status, render_error(code, msg));
}

http_reply illegal_param(std::string_view param, std::string_view range) {
  return error_reply(400, -1100,
                     "Illegal characters found in parameter '" + std::string{param}
                       + "'; legal range is '" + std::string{range} + "'.");
}

http_reply missing_param(std::string_view param) {
  return error_reply(400, -1102,
                     "Mandatory parameter '" + std::string{param}
                       + "' was not sent, was empty/null, or malformed.");
}

http_reply json_reply(int status, std::string body) {
  http_reply r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json;charset=UTF-8");
  r.body = std::move(body);
  return r;
}

http_reply handle_rest(const market& m, const exchange_info& info, std::string_view method,
                       std::string_view target, const rest_context& ctx) {
  auto t = parse_target(target);
  if (method == "GET") {
    if (t.path == "/api/v3/ping")
      return json_reply(200, "{}");
    if (t.path == "/api/v3/time")
      return json_reply(200, render_server_time(ctx.wall_ms));
    if (t.path == "/api/v3/exchangeInfo")
      return exchange_info_reply(info, t, ctx);
    if (t.path == "/api/v3/klines" || t.path == "/api/v3/uiKlines")
      return klines_reply(m, t, ctx);
    if (t.path == "/api/v3/ticker/price")
      return ticker_price_reply(m, info, t, ctx);
    if (t.path == "/api/v3/ticker/24hr")
      return ticker_24hr_reply(m, info, t, ctx, false);
    if (t.path == "/api/v3/ticker/bookTicker")
      return book_ticker_reply(m, info, t, ctx, false);
  }
  return error_reply(404, -1000, "Unknown endpoint " + std::string{method} + " " + t.path + ".");
}

} // namespace tn::sim
