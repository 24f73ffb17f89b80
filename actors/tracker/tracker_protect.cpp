// The tracker's exchange-side protective stop (execution.protective_stop:
// exchange); the order of cancel, place and exit is explained in tracker.hpp.

#include "actors/tracker/exit_id.hpp"
#include "actors/tracker/tracker.hpp"

#include <algorithm>
#include <utility>

namespace tn {

void tracker::protect(symbol_slot& s, timestamp now) {
  if (cfg_.execution.protective_stop != protective_stop_mode::exchange || !s.open)
    return;
  auto& p = *s.open;
  if (p.exiting) {
    // The node sells: the stop must not sell too.
    if (p.stop)
      cancel_stop(s, now, "exit " + p.exiting->client_id + " (" + to_string(p.exiting->reason)
                            + ") replaces it");
    return;
  }
  auto covered = sellable(s.symbol, p.pos.quantity, order_type::stop_loss_limit);
  if (!p.stop) {
    // Dust alone cannot be sold: no stop for it.
    if (now >= p.stop_retry_after && covered.is_positive())
      place_stop(s, now);
    return;
  }
  auto& st = *p.stop;
  if (st.cancel_wanted)
    return; // replaced once the exchange confirmed the cancel
  auto resting = st.quantity - st.filled;
  auto level = stop_of(levels_, p.pos).price;
  auto step = mul(st.stop_price, decimal::from_int(1) + cfg_.execution.stop_min_step);
  // Without the symbol's lot rule a restored stop for less than the
  // position may be one the broker fitted to the step: it stays until the
  // rule tells (set_lot_rules checks again).
  auto unsure = st.restored && lots_.count(s.symbol) == 0 && resting < p.pos.quantity;
  if (resting != covered && !unsure)
    cancel_stop(s, now, "it sells " + to_string(resting) + ", the position holds "
                          + to_string(p.pos.quantity)
                          + (covered == p.pos.quantity
                               ? std::string{}
                               : " (" + to_string(covered) + " on the lot step)"));
  else if (level > st.stop_price && level >= step)
    cancel_stop(s, now, "the stop rose to " + to_string(level));
}

void tracker::place_stop(symbol_slot& s, timestamp now) {
  auto& p = *s.open;
  auto level = stop_of(levels_, p.pos);
  protective_order st;
  st.client_id = stop_client_id(p.pos.position_id, ++p.stop_revisions);
  st.stop_price = level.price;
  st.quantity = sellable(s.symbol, p.pos.quantity, order_type::stop_loss_limit);
  order_request o;
  o.client_id = st.client_id;
  o.symbol = s.symbol;
  o.side = order_side::sell;
  o.type = order_type::stop_loss_limit;
  o.quantity = st.quantity;
  o.stop_price = st.stop_price;
  // Unrounded: the broker rounds both prices to the symbol's tick.
  o.price = mul(st.stop_price, decimal::from_int(1) - cfg_.execution.stop_limit_offset,
                rounding::down);
  o.reduce_only = true;
  o.reason = order_reason::protective;
  o.ts = now;
  ++stats_.stops_placed;
  note(now, severity::info,
       "protective stop " + st.client_id + " for " + p.pos.position_id + ": sell "
         + to_string(o.quantity) + " " + s.symbol + " when the price trades at or below "
         + to_string(o.stop_price) + " (" + to_string(level.reason) + "), limit "
         + to_string(o.price));
  out_.orders.push_back(std::move(o));
  p.stop = std::move(st);
}

void tracker::cancel_stop(symbol_slot& s, timestamp now, const std::string& why) {
  auto& st = *s.open->stop;
  if (st.cancel_wanted)
    return;
  st.cancel_wanted = true;
  note(now, severity::info, "canceling protective stop " + st.client_id + ": " + why);
  // Before the exchange acknowledged it a cancel may overtake the order;
  // it is sent once the stop is open.
  if (st.acknowledged)
    send_cancel(st, now);
}

void tracker::send_cancel(protective_order& st, timestamp now) {
  st.cancel_sent = now;
  ++stats_.stop_cancels;
  out_.cancels.push_back(st.client_id);
}

void tracker::on_stop_update(symbol_slot& s, const order_update& u, timestamp now) {
  auto& p = *s.open;
  auto& st = *p.stop;
  if (!is_final(u.state)) {
    if ((u.state == order_state::open || u.state == order_state::partially_filled)
        && !std::exchange(st.acknowledged, true) && st.cancel_wanted)
      send_cancel(st, now);
    return;
  }
  if (u.state == order_state::filled && st.filled >= u.filled_quantity
      && is_dust(s.symbol, p.pos.quantity, order_type::stop_loss_limit)) {
    auto stop = *std::exchange(p.stop, std::nullopt);
    close_leaving_dust(s, "protective stop " + stop.client_id, stop.filled, stop.quantity,
                       order_reason::protective, now);
    return;
  }
  auto expected = u.state == order_state::filled
                  || (u.state == order_state::canceled && st.cancel_wanted);
  if (!expected) {
    ++stats_.stops_failed;
    p.stop_retry_after = now + cfg_.safety_cadence;
    note(now, severity::warning,
         "protective stop " + st.client_id + " " + to_string(u.state)
           + (u.reason.empty() ? "" : ": " + u.reason) + "; " + p.pos.position_id
           + " is protected by the node alone until the next one is placed, no sooner than "
             "one safety cadence from now");
  }
  p.stop.reset();
  stop_gone(s, now);
}

void tracker::stop_gone(symbol_slot& s, timestamp now) {
  auto& p = *s.open;
  if (p.exiting && p.exiting->held)
    release_exit(s, now);
  else
    protect(s, now);
}

void tracker::release_exit(symbol_slot& s, timestamp now) {
  auto& p = *s.open;
  auto& x = *p.exiting;
  auto o = *std::exchange(x.held, std::nullopt);
  // A partial fill of the stop meanwhile sold some of it.
  x.quantity = x.closes ? p.pos.quantity : min(x.quantity, p.pos.quantity);
  o.quantity = x.quantity;
  ++stats_.exits_sent;
  note(now, severity::info,
       "exit " + x.client_id + " sent: sell " + to_string(o.quantity) + " " + s.symbol
         + ", the protective stop is gone");
  out_.orders.push_back(std::move(o));
}

void tracker::expire_cancel(symbol_slot& s, timestamp now) {
  auto& p = *s.open;
  if (!p.stop || !p.stop->cancel_sent || now < *p.stop->cancel_sent + cfg_.safety_cadence)
    return;
  note(now, severity::warning,
       "the cancel of protective stop " + p.stop->client_id
         + " was not confirmed within one safety cadence; going on as if it were gone (a "
           "second sale is refused by the exchange: the stop locks the asset on spot, exits "
           "are reduce-only)");
  p.stop.reset();
  stop_gone(s, now);
}

void tracker::adopt_stop(const order_request& o, timestamp now) {
  auto* s = book_.find(o.symbol);
  if (o.reason != order_reason::protective || !s || !s->open)
    return;
  auto& p = *s->open;
  auto revision = stop_revision_of(p.pos.position_id, o.client_id);
  if (!revision)
    return;
  p.stop_revisions = std::max(p.stop_revisions, *revision);
  if (p.stop) {
    // Two without a final state: the newer protects, the older goes.
    out_.cancels.push_back(p.stop->client_id);
    ++stats_.stop_cancels;
  }
  protective_order st;
  st.client_id = o.client_id;
  st.stop_price = o.stop_price;
  // As the broker placed it, fitted to the lot step: protect() compares it
  // with what the step lets a stop sell of the position.
  st.quantity = o.quantity;
  st.acknowledged = true; // the exchange's answer may be lost with the restart
  st.restored = true;
  p.stop = std::move(st);
  note(now, severity::info,
       "protective stop " + o.client_id + " of " + p.pos.position_id + " rests again at "
         + to_string(o.stop_price));
}

} // namespace tn
