#pragma once

// Constructed fills, order updates and ticks for the position tracker's
// tests, at event times counted from t0.

#include "actors/tracker/exit_id.hpp"
#include "actors/tracker/tracker.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "test/unit/money/decimal_text.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

namespace tn::test {

using namespace std::chrono_literals;

inline const timestamp t0 = from_unix_ms(1706745600000); // 2024-02-01T00:00:00Z

inline fill make_fill(const std::string& client_id, order_side side, const char* qty,
                      const char* price, const char* fee = "0", const char* fee_asset = "USDT",
                      uint64_t trade_id = 0, const std::string& symbol = "BTCUSDT") {
  fill f;
  f.client_id = client_id;
  f.symbol = symbol;
  f.side = side;
  f.trade_id = trade_id;
  f.quantity = dec(qty);
  f.price = dec(price);
  f.fee = dec(fee);
  f.fee_asset = fee_asset;
  f.ts = t0;
  f.decision_id = side == order_side::buy ? 7 : 0;
  return f;
}

inline fill buy(const std::string& client_id, const char* qty, const char* price,
                const char* fee = "0", const char* fee_asset = "USDT") {
  return make_fill(client_id, order_side::buy, qty, price, fee, fee_asset);
}

inline fill sell(const std::string& client_id, const char* qty, const char* price,
                 const char* fee = "0") {
  return make_fill(client_id, order_side::sell, qty, price, fee);
}

inline order_update update(const std::string& client_id, order_state state,
                           const char* filled = "0", const std::string& reason = "",
                           const std::string& symbol = "BTCUSDT") {
  order_update u;
  u.client_id = client_id;
  u.symbol = symbol;
  u.state = state;
  u.filled_quantity = dec(filled);
  u.reason = reason;
  u.ts = t0;
  return u;
}

/// A lot rule of `symbol`: LOT_SIZE with `step` as step and minimum (and,
/// if given, MARKET_LOT_SIZE with `market_step` as both).
inline lot_rule lot_of(const char* step, const std::string& symbol = "BTCUSDT",
                       const char* market_step = "0") {
  lot_rule x;
  x.symbol = symbol;
  x.min_qty = dec(step);
  x.step = dec(step);
  x.market_min_qty = dec(market_step);
  x.market_step = dec(market_step);
  return x;
}

inline tick price_tick(double price, timestamp ts, const std::string& symbol = "BTCUSDT") {
  tick t;
  t.symbol = symbol;
  t.ts_event = ts;
  t.bar_open = ts;
  t.price = price;
  return t;
}

inline exit_request exit_of_kind(order_reason reason, uint64_t decision_id = 0,
                                 const char* keep = "0", const std::string& symbol = "BTCUSDT") {
  return exit_request{symbol, reason, decision_id, dec(keep), t0};
}

/// Position tn5-0 as the journal kept it: 2 BTC at `entry`.
inline position kept_position(const char* entry, const char* best, bool armed) {
  position p;
  p.position_id = "tn5-0";
  p.symbol = "BTCUSDT";
  p.quantity = dec("2");
  p.entry_price = dec(entry);
  p.fees = dec("0.2");
  p.best_price = dec(best);
  p.trailing_armed = armed;
  p.entry_decision_id = 5;
  p.opened = t0 - 1h;
  return p;
}

/// A protective STOP_LOSS_LIMIT sell as the tracker places it.
inline order_request protective_stop_of(const std::string& client_id, const char* qty,
                                        const char* stop_price, const char* limit) {
  order_request o;
  o.client_id = client_id;
  o.symbol = "BTCUSDT";
  o.side = order_side::sell;
  o.type = order_type::stop_loss_limit;
  o.quantity = dec(qty);
  o.stop_price = dec(stop_price);
  o.price = dec(limit);
  o.reduce_only = true;
  o.reason = order_reason::protective;
  o.ts = t0 - 1h;
  return o;
}

/// Default config; re-evaluation every 180 s, checks every 30 s.
inline tracker make_tracker() {
  return tracker{tracker_config{}, safety_thresholds{}};
}

/// True if some event's text contains `part`.
inline bool has_event(const std::vector<event>& events, const std::string& part) {
  for (auto& e : events)
    if (e.text.find(part) != std::string::npos)
      return true;
  return false;
}

inline bool has_event(const tracker_output& out, const std::string& part) {
  return has_event(out.events, part);
}

} // namespace tn::test
