#include "tools/exchange-sim/ticker_events.hpp"

#include "tools/exchange-sim/derivatives.hpp"
#include "tools/exchange-sim/render.hpp"
#include "tools/exchange-sim/tickers.hpp"

namespace tn::sim {

namespace {

/// "e", "E" and "s", the head of most events.
std::string event_head(std::string_view type, int64_t event_time, std::string_view symbol) {
  std::string out = "{";
  json_string(out, "e", type);
  json_int(out, "E", event_time);
  json_string(out, "s", symbol);
  return out;
}

} // namespace

std::string render_ticker_event(const kline_series& s, const kline& day, int64_t event_time,
                                bool futures) {
  auto out = event_head("24hrTicker", event_time, s.symbol);
  append_day(out, s, day, futures, stream_day_keys);
  return out + "}";
}

std::string render_mini_ticker_event(const kline_series& s, const kline& day, int64_t event_time) {
  auto out = event_head("24hrMiniTicker", event_time, s.symbol);
  const auto& sc = s.scale;
  json_decimal(out, "c", day.close, sc.price);
  json_decimal(out, "o", day.open, sc.price);
  json_decimal(out, "h", day.high, sc.price);
  json_decimal(out, "l", day.low, sc.price);
  json_decimal(out, "v", day.volume, sc.qty);
  json_decimal(out, "q", day.quote_volume, sc.quote);
  return out + "}";
}

std::string render_book_ticker_event(const kline_series& s, units price, int64_t update_id,
                                     int64_t event_time, bool futures) {
  const auto& sc = s.scale;
  auto q = quote_at(s, price);
  std::string out = "{";
  if (futures)
    json_string(out, "e", "bookTicker");
  json_int(out, "u", update_id);
  json_string(out, "s", s.symbol);
  json_decimal(out, "b", q.bid, sc.price);
  json_decimal(out, "B", q.bid_qty, sc.qty);
  json_decimal(out, "a", q.ask, sc.price);
  json_decimal(out, "A", q.ask_qty, sc.qty);
  if (futures) {
    json_int(out, "T", event_time);
    json_int(out, "E", event_time);
  }
  return out + "}";
}

std::string render_mark_price_event(const kline_series& s, units price, int64_t event_time) {
  auto p = premium_at(s, price, event_time);
  auto out = event_head("markPriceUpdate", event_time, s.symbol);
  json_decimal(out, "p", p.mark, p.scale);
  json_decimal(out, "i", p.mark, p.scale);
  json_decimal(out, "P", p.mark, p.scale);
  json_decimal(out, "r", p.funding_rate, 8);
  json_int(out, "T", p.next_funding_time);
  return out + "}";
}

std::string render_feed_event(feed_kind kind, const kline_series& s, size_t bar,
                              const kline& partial, int64_t event_time, bool futures) {
  switch (kind) {
  case feed_kind::ticker:
    return render_ticker_event(s, rolling_window(s, bar, partial, event_time), event_time, futures);
  case feed_kind::mini_ticker:
    return render_mini_ticker_event(s, rolling_window(s, bar, partial, event_time), event_time);
  case feed_kind::book_ticker:
    return render_book_ticker_event(s, partial.close, event_time, event_time, futures);
  case feed_kind::mark_price:
    return render_mark_price_event(s, partial.close, event_time);
  }
  return {};
}

} // namespace tn::sim
