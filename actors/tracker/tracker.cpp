#include "actors/tracker/tracker.hpp"

#include "runtime/exchange/lot_rules.hpp"

#include "actors/tracker/exit_id.hpp"

#include <algorithm>
#include <utility>

namespace tn {

namespace {

/// The change from `from` to `to` in percent, signed, two decimals.
std::string percent(decimal from, decimal to) {
  auto pct = mul(div(to - from, from), decimal::from_int(100));
  return (pct.is_negative() ? "" : "+") + to_string(pct, 2) + " %";
}

std::string describe(const exit_request& r) {
  auto text = std::string{to_string(r.reason)} + " of " + r.symbol;
  if (r.decision_id != 0)
    text += " (decision " + std::to_string(r.decision_id) + ")";
  if (r.keep_quantity.is_positive())
    text += " keeping " + to_string(r.keep_quantity);
  return text;
}

bool is_stop(order_reason x) {
  return x == order_reason::stop_loss || x == order_reason::trailing_stop;
}

bool failed(order_state x) {
  return is_final(x) && x != order_state::filled;
}

} // namespace

tracker::tracker(tracker_config cfg, safety_thresholds safety)
  : cfg_(std::move(cfg)), levels_(to_levels(safety)) {
}

void tracker::on_tick(const tick& t, timestamp now) {
  ++stats_.ticks;
  if (auto px = decimal::from_double(t.price); px && px->is_positive())
    on_price(book_.slot(t.symbol), *px, now);
}

void tracker::on_closed(const candle& c, timestamp now) {
  if (auto px = decimal::from_double(c.close); px && px->is_positive())
    on_price(book_.slot(c.symbol), *px, now);
}

void tracker::on_price(symbol_slot& s, decimal price, timestamp now) {
  s.last_price = price;
  if (s.open)
    check_stops(s, now);
}

void tracker::check_stops(symbol_slot& s, timestamp now) {
  auto& p = *s.open;
  // The best price moves while an exit is in flight too: it may fail.
  auto hit = check_price(levels_, p.pos, s.last_price);
  if (p.pos.trailing_armed != p.saved_armed) // a restart must find it armed
    save(p);
  if (!hit || now < p.retry_after)
    return;
  exit_request r{s.symbol, hit->reason, 0, decimal{}, now};
  if (p.exiting) {
    // A stop still reached is the stop exit in flight itself; against
    // another exit it is recorded once, not on every tick the price stays
    // down.
    if (!is_stop(p.exiting->reason) && !std::exchange(p.exiting->stop_noted, true))
      supersede(r, "exit " + p.exiting->client_id + " (" + to_string(p.exiting->reason)
                     + ") is in flight",
                now);
    return;
  }
  begin_exit(s, r, now,
             "last " + to_string(s.last_price) + " at or below " + to_string(hit->price)
               + " (entry " + to_string(p.pos.entry_price) + ", best "
               + to_string(p.pos.best_price) + ")");
}

void tracker::on_exit_request(const exit_request& r, timestamp now) {
  auto* s = book_.find(r.symbol);
  if (!s || !s->open) {
    supersede(r,
              s && !s->last_closed.empty() ? "no open position; the last, " + s->last_closed
                                               + ", is closed"
                                           : "no open position",
              now);
    return;
  }
  auto& p = *s->open;
  if (!p.exiting) {
    begin_exit(*s, r, now, {});
    return;
  }
  if (!p.exiting->closes && r.keep_quantity.is_zero() && !p.deferred) {
    p.deferred = r;
    note(now, severity::info,
         describe(r) + " waits for reduction " + p.exiting->client_id + " in flight");
    return;
  }
  supersede(r, "exit " + p.exiting->client_id + " (" + to_string(p.exiting->reason)
                 + ") is in flight",
            now);
}

void tracker::begin_exit(symbol_slot& s, const exit_request& r, timestamp now, std::string why) {
  auto& p = *s.open;
  auto closes = r.keep_quantity.is_zero();
  auto quantity = closes ? p.pos.quantity : p.pos.quantity - r.keep_quantity;
  if (!quantity.is_positive()) {
    note(now, severity::info,
         describe(r) + ": nothing to do, " + to_string(p.pos.quantity) + " held");
    return;
  }
  exit_order x;
  x.client_id = exit_client_id(p.pos.position_id, ++p.exit_attempts);
  x.reason = r.reason;
  x.decision_id = r.decision_id;
  x.quantity = quantity;
  x.closes = closes;
  order_request o;
  o.client_id = x.client_id;
  o.decision_id = r.decision_id;
  o.symbol = s.symbol;
  o.side = order_side::sell;
  o.type = order_type::market;
  o.quantity = quantity;
  o.reduce_only = true; // an exit only ever shrinks the position
  o.reason = r.reason;
  o.ts = now;
  auto held = p.stop.has_value();
  note(now, severity::info,
       describe(r) + ": " + (closes ? "closing " : "reducing ") + p.pos.position_id + ", sell "
         + to_string(quantity) + " of " + to_string(p.pos.quantity) + " (order " + x.client_id
         + (held ? ", sent once protective stop " + p.stop->client_id + " is canceled" : "")
         + ")" + (why.empty() ? "" : ": " + why));
  if (held) {
    x.held = std::move(o);
  } else {
    out_.orders.push_back(std::move(o));
    ++stats_.exits_sent;
  }
  p.exiting = std::move(x);
  protect(s, now); // cancels the stop a held exit waits for
}

void tracker::supersede(const exit_request& r, const std::string& why, timestamp now) {
  ++stats_.superseded;
  note(now, severity::info, "superseded: " + describe(r) + ": " + why);
}

void tracker::on_fill(const fill& f, timestamp now) {
  ++stats_.fills;
  if (!book_.first_time(f)) {
    ++stats_.duplicate_fills;
    return;
  }
  auto fee = book_.fee_of(f, cfg_.quote_asset);
  if (!fee)
    note(now, severity::warning,
         "fee of " + to_string(f.fee) + " " + f.fee_asset + " on " + f.client_id
           + " not counted: no price of " + f.fee_asset + cfg_.quote_asset);
  auto paid = fee.value_or(fee_split{});
  auto& s = book_.slot(f.symbol);
  if (f.side == order_side::sell) {
    sale(s, f, paid.quote, now);
    protect(s, now); // what is left keeps a stop for what is left
    return;
  }
  auto opens = !s.open;
  add_entry(s, f, paid);
  if (opens) {
    ++stats_.opened;
    s.open->next_reevaluation = now + cfg_.reevaluation_interval;
  }
  save(*s.open);
  note(now, severity::info,
       std::string{opens ? "opened " : "added to "} + s.open->pos.position_id + ": bought "
         + to_string(f.quantity) + " " + s.symbol + " at " + to_string(f.price) + ", holding "
         + to_string(s.open->pos.quantity) + " at " + to_string(s.open->pos.entry_price));
  protect(s, now);
}

void tracker::sale(symbol_slot& s, const fill& f, decimal fee_quote, timestamp now) {
  if (!s.open) {
    note(now, severity::warning,
         "sell fill " + f.client_id + " of " + to_string(f.quantity) + " " + f.symbol
           + " without an open position: ignored");
    return;
  }
  auto& p = *s.open;
  auto quantity = min(f.quantity, p.pos.quantity);
  if (quantity < f.quantity)
    note(now, severity::warning,
         "sell fill " + f.client_id + " of " + to_string(f.quantity) + " " + f.symbol
           + " exceeds the " + to_string(p.pos.quantity) + " held");
  add_sale(p, quantity, f.price, fee_quote);
  if (p.pos.quantity.is_positive()) // a close journals the exit instead
    save(p);
  if (stop_revision_of(p.pos.position_id, f.client_id)) {
    if (p.stop && p.stop->client_id == f.client_id)
      p.stop->filled += f.quantity;
    if (!p.pos.quantity.is_positive()) {
      close(s, order_reason::protective, now);
      return;
    }
    note(now, severity::info,
         "protective stop " + f.client_id + " sold " + to_string(f.quantity) + " " + f.symbol
           + " at " + to_string(f.price) + "; " + to_string(p.pos.quantity) + " remain");
  } else if (p.exiting && p.exiting->client_id == f.client_id)
    p.exiting->filled += f.quantity;
  else
    note(now, severity::warning,
         "sell fill " + f.client_id + " of " + to_string(f.quantity) + " " + f.symbol
           + " is no exit of this tracker: the position shrinks to "
           + to_string(p.pos.quantity));
  settle(s, now);
}

void tracker::on_order_update(const order_update& u, timestamp now) {
  auto* s = book_.find(u.symbol);
  if (!s || !s->open)
    return;
  auto& p = *s->open;
  if (p.stop && p.stop->client_id == u.client_id) {
    on_stop_update(*s, u, now);
    return;
  }
  if (!p.exiting || p.exiting->client_id != u.client_id)
    return;
  if (u.state == order_state::filled) {
    p.exiting->done_at = u.filled_quantity;
    settle(*s, now);
    return;
  }
  if (!failed(u.state))
    return;
  auto x = *std::exchange(p.exiting, std::nullopt);
  ++stats_.exits_failed;
  p.retry_after = now + cfg_.safety_cadence;
  note(now, severity::warning,
       "exit " + x.client_id + " (" + to_string(x.reason) + ") " + to_string(u.state)
         + (u.reason.empty() ? "" : ": " + u.reason) + "; " + p.pos.position_id
         + " is open again with " + to_string(p.pos.quantity) + " " + s->symbol);
  resume_deferred(*s, now);
  protect(*s, now);
}

void tracker::settle(symbol_slot& s, timestamp now) {
  auto& p = *s.open;
  if (!p.pos.quantity.is_positive()) {
    // Sold out: by the exit in flight, else by an order of someone else's.
    close(s, p.exiting ? p.exiting->reason : order_reason::flatten, now);
    return;
  }
  if (!p.exiting || !p.exiting->done_at || p.exiting->filled < *p.exiting->done_at)
    return;
  auto x = *std::exchange(p.exiting, std::nullopt);
  if (x.closes && is_dust(s.symbol, p.pos.quantity, order_type::market)) {
    close_leaving_dust(s, "exit " + x.client_id, x.filled, x.quantity, x.reason, now);
    return;
  }
  if (x.closes)
    note(now, severity::warning,
         "exit " + x.client_id + " filled " + to_string(x.filled) + " but "
           + to_string(p.pos.quantity) + " " + s.symbol + " remain: " + p.pos.position_id
           + " stays open");
  else
    note(now, severity::info,
         "reduced " + p.pos.position_id + " by " + to_string(x.filled) + " to "
           + to_string(p.pos.quantity) + " (order " + x.client_id + ")");
  resume_deferred(s, now);
  protect(s, now);
}

void tracker::close(symbol_slot& s, order_reason reason, timestamp now) {
  auto& p = *s.open;
  auto x = exit_of(p, reason, now);
  note(now, severity::info,
       "closed " + x.position_id + " (" + to_string(reason) + "): sold " + to_string(x.quantity)
         + " " + x.symbol + " at " + to_string(x.exit_price) + ", entry "
         + to_string(x.entry_price) + ", fees " + to_string(x.fees) + ", PnL " + to_string(x.pnl)
         + " " + cfg_.quote_asset);
  if (p.deferred)
    supersede(*p.deferred, x.position_id + " closed meanwhile", now);
  if (p.exiting && p.exiting->held)
    supersede(exit_request{s.symbol, p.exiting->reason, p.exiting->decision_id, {}, now},
              x.position_id + " closed by " + to_string(reason) + " first", now);
  s.last_closed = x.position_id + " (" + to_string(reason) + ")";
  s.open.reset();
  ++stats_.closed;
  out_.exits.push_back(std::move(x));
}

void tracker::close_leaving_dust(symbol_slot& s, const std::string& order, decimal sold,
                                 decimal asked, order_reason reason, timestamp now) {
  note(now, severity::info,
       order + " sold " + to_string(sold) + " of " + to_string(asked) + " " + s.symbol + ": the "
         + to_string(s.open->pos.quantity)
         + " left is below the lot step and stays in the account as dust");
  close(s, reason, now);
}

void tracker::resume_deferred(symbol_slot& s, timestamp now) {
  if (auto r = std::exchange(s.open->deferred, std::nullopt))
    begin_exit(s, *r, now, "it waited for the reduction");
}

void tracker::on_time(timestamp now) {
  if (next_cadence_ && now < *next_cadence_)
    return;
  next_cadence_ = now + cfg_.safety_cadence;
  for (auto& s : book_.slots()) {
    if (!s.open)
      continue;
    if (s.last_price.is_positive())
      check_stops(s, now);
    expire_cancel(s, now);
    protect(s, now); // the trailing stop moves the resting one on the cadence only
    // The best price is journaled on the cadence, not on every tick.
    if (s.open && s.open->pos.best_price != s.open->saved_best)
      save(*s.open);
  }
  reevaluate(now);
}

void tracker::reevaluate(timestamp now) {
  if (cfg_.reevaluation_interval == timespan::zero())
    return;
  gate_pass pass;
  std::size_t due = 0;
  for (auto& s : book_.slots()) {
    if (!s.open || s.open->exiting || now < s.open->next_reevaluation)
      continue;
    auto& p = s.open->pos;
    s.open->next_reevaluation = now + cfg_.reevaluation_interval;
    pass.symbol = s.symbol;
    pass.detail += (due++ == 0 ? "" : "; ") + s.symbol + " " + to_string(p.quantity) + " @ "
                   + to_string(p.entry_price);
    if (s.last_price.is_positive())
      pass.detail += ", last " + to_string(s.last_price) + " ("
                     + percent(p.entry_price, s.last_price) + ")";
  }
  if (due == 0)
    return;
  if (due > 1)
    pass.symbol.clear(); // it concerns several symbols
  pass.detail = "open position" + std::string{due > 1 ? "s " : " "} + pass.detail;
  pass.reason = pass_reason::reevaluation;
  pass.ts = now;
  ++stats_.reevaluations;
  out_.passes.push_back(std::move(pass));
}

void tracker::save(tracked_position& p) {
  p.saved_best = p.pos.best_price;
  p.saved_armed = p.pos.trailing_armed;
  out_.saved.push_back(p.pos);
}

std::vector<position> tracker::positions() const {
  std::vector<position> result;
  for (auto& s : book_.slots())
    if (s.open)
      result.push_back(s.open->pos);
  return result;
}

void tracker::set_lot_rules(const std::vector<lot_rule>& rules, timestamp now) {
  for (auto& x : rules)
    lots_[x.symbol] = lot_filters_of(x);
  note(now, severity::info,
       "lot rules of " + std::to_string(rules.size()) + " symbols: exits and stops sell by them");
  for (auto& s : book_.slots())
    protect(s, now);
}

decimal tracker::sellable(const std::string& symbol, decimal quantity, order_type type) const {
  auto i = lots_.find(symbol);
  return i == lots_.end() ? quantity : round_quantity(i->second, quantity, type);
}

bool tracker::is_dust(const std::string& symbol, decimal quantity, order_type type) const {
  return quantity.is_positive() && lots_.count(symbol) != 0
         && !sellable(symbol, quantity, type).is_positive();
}

void tracker::note(timestamp ts, severity level, std::string text) {
  out_.events.push_back(event{ts, topic, level, std::move(text)});
}

} // namespace tn
