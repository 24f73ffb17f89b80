#include "tools/exchange-sim/tickers.hpp"

#include "tools/exchange-sim/order_params.hpp"
#include "tools/exchange-sim/render.hpp"
#include "tools/exchange-sim/replay.hpp"

#include <algorithm>

namespace tn::sim {

namespace {

constexpr int64_t day_ms = 24 * 60 * 60 * 1000;

/// The last 24 h as one bar, the bar in progress as far as its updates
/// went (as current_price sees it).
std::optional<kline> rolling_day(const kline_series& s, const rest_context& ctx) {
  const auto& bars = s.bars;
  auto end = std::upper_bound(bars.begin(), bars.end(), ctx.market_ms,
                              [](int64_t t, const kline& k) { return t < k.open_time; });
  if (end == bars.begin())
    return std::nullopt;
  auto steps = std::max(1, ctx.updates_per_bar);
  auto step = std::min<int64_t>(steps, (ctx.market_ms - (end - 1)->open_time) * steps / minute_ms);
  if (step == 0 && --end == bars.begin()) // the current bar has shown nothing yet
    return std::nullopt;
  auto last = step == 0 ? *(end - 1)
                        : partial_bar(*(end - 1), static_cast<int>(step), steps, s.tick, s.lot);
  return rolling_window(s, static_cast<size_t>(end - 1 - bars.begin()), last, ctx.market_ms);
}

/// A 24 h window's statistics as Binance states them.
struct day_stats {
  units change = 0;     // close - open, at the price scale
  units change_pct = 0; // at 3 decimals
  units vwap = 0;       // at the price scale
};

day_stats stats_of(const kline_series& s, const kline& day) {
  const auto& sc = s.scale;
  day_stats st;
  st.change = day.close - day.open;
  // percent with 3 decimals: change / open * 100
  st.change_pct = day.open == 0 ? 0 : st.change * 100'000 / day.open;
  units vwap = day.volume == 0 ? 0 : day.quote_volume * pow10(sc.qty) / day.volume;
  int finer = std::max(sc.quote, sc.price);
  st.vwap = rescale(vwap, sc.quote, finer) / pow10(finer - sc.price);
  return st;
}

http_reply one_or_list(const request_target& t, const std::string& items) {
  return json_reply(200, t.get("symbol") ? items : "[" + items + "]");
}

} // namespace

kline rolling_window(const kline_series& s, size_t bar, const kline& partial, int64_t now) {
  const auto& bars = s.bars;
  auto end = bars.begin() + static_cast<std::ptrdiff_t>(bar);
  auto first = std::lower_bound(bars.begin(), end, now - day_ms,
                                [](const kline& k, int64_t t) { return k.open_time < t; });
  kline acc = first == end ? partial : *first;
  for (auto it = first + 1; it < end; ++it)
    fold(acc, *it);
  if (first != end)
    fold(acc, partial);
  acc.open_time = std::max(now - day_ms, acc.open_time);
  acc.close_time = now;
  return acc;
}

void append_day(std::string& out, const kline_series& s, const kline& day, bool futures,
                const day_keys& keys) {
  const auto& sc = s.scale;
  auto st = stats_of(s, day);
  json_decimal(out, keys.change, st.change, sc.price);
  json_decimal(out, keys.change_pct, st.change_pct, 3);
  json_decimal(out, keys.vwap, st.vwap, sc.price);
  if (!futures)
    json_decimal(out, keys.prev_close, day.open, sc.price);
  json_decimal(out, keys.last, day.close, sc.price);
  json_decimal(out, keys.last_qty, s.lot, sc.qty);
  if (!futures) {
    auto q = quote_at(s, day.close);
    json_decimal(out, keys.bid, q.bid, sc.price);
    json_decimal(out, keys.bid_qty, q.bid_qty, sc.qty);
    json_decimal(out, keys.ask, q.ask, sc.price);
    json_decimal(out, keys.ask_qty, q.ask_qty, sc.qty);
  }
  json_decimal(out, keys.open, day.open, sc.price);
  json_decimal(out, keys.high, day.high, sc.price);
  json_decimal(out, keys.low, day.low, sc.price);
  json_decimal(out, keys.volume, day.volume, sc.qty);
  json_decimal(out, keys.quote_volume, day.quote_volume, sc.quote);
  json_int(out, keys.open_time, day.open_time);
  json_int(out, keys.close_time, day.close_time);
  json_int(out, keys.first_id, day.first_trade_id);
  json_int(out, keys.last_id, day.last_trade_id());
  json_int(out, keys.count, day.trades);
}

book_quote quote_at(const kline_series& s, units price) {
  return {price, s.lot, price + s.tick, s.lot};
}

std::optional<http_reply> pick_series(const market& m, const exchange_info& info,
                                      const request_target& t, bool required,
                                      std::vector<const kline_series*>& out) {
  if (t.get("symbol") || required) {
    const symbol_rules* rules = nullptr;
    if (auto err = read_symbol(info, t, rules))
      return err;
    if (const auto* s = m.find(rules->symbol))
      out.push_back(s);
    return std::nullopt;
  }
  for (const auto& s : m.series())
    if (info.find(s.symbol))
      out.push_back(&s);
  return std::nullopt;
}

http_reply ticker_24hr_reply(const market& m, const exchange_info& info, const request_target& t,
                             const rest_context& ctx, bool futures) {
  std::vector<const kline_series*> list;
  if (auto err = pick_series(m, info, t, false, list))
    return *err;
  std::string items;
  for (const auto* s : list) {
    auto day = rolling_day(*s, ctx);
    if (!day)
      continue;
    items += items.empty() ? "{" : ",{";
    json_string(items, "symbol", s->symbol);
    append_day(items, *s, *day, futures, rest_day_keys);
    items += '}';
  }
  return one_or_list(t, items);
}

http_reply price_items(const market& m, const exchange_info& info, const request_target& t,
                       const rest_context& ctx,
                       const std::function<std::string(const kline_series&, units)>& item) {
  std::vector<const kline_series*> list;
  if (auto err = pick_series(m, info, t, false, list))
    return *err;
  std::string items;
  for (const auto* s : list)
    if (auto price = current_price(*s, ctx))
      items += (items.empty() ? "" : ",") + item(*s, *price);
  return one_or_list(t, items);
}

http_reply book_ticker_reply(const market& m, const exchange_info& info, const request_target& t,
                             const rest_context& ctx, bool futures) {
  return price_items(m, info, t, ctx, [&](const kline_series& s, units price) {
    auto q = quote_at(s, price);
    std::string out = "{";
    json_string(out, "symbol", s.symbol);
    json_decimal(out, "bidPrice", q.bid, s.scale.price);
    json_decimal(out, "bidQty", q.bid_qty, s.scale.qty);
    json_decimal(out, "askPrice", q.ask, s.scale.price);
    json_decimal(out, "askQty", q.ask_qty, s.scale.qty);
    if (futures)
      json_int(out, "time", ctx.market_ms);
    return out + "}";
  });
}

} // namespace tn::sim
