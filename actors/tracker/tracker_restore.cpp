// The tracker after a restart: the journal's positions, their exits in
// flight and their protective stops.

#include "actors/tracker/exit_id.hpp"
#include "actors/tracker/tracker.hpp"

#include <algorithm>
#include <utility>

namespace tn {

void tracker::restore(std::vector<position> kept, const std::vector<order_request>& in_flight,
                      timestamp now) {
  for (auto& pos : kept) {
    auto& s = book_.slot(pos.symbol);
    if (s.open) {
      note(now, severity::warning,
           "journaled position " + pos.position_id + " not restored: " + s.open->pos.position_id
             + " opened from fills since start");
      continue;
    }
    tracked_position p;
    p.saved_best = pos.best_price;
    p.saved_armed = pos.trailing_armed;
    p.pos = std::move(pos);
    p.next_reevaluation = now + cfg_.reevaluation_interval;
    s.open = std::move(p);
    ++stats_.restored;
    note(now, severity::info,
         "restored " + s.open->pos.position_id + ": " + to_string(s.open->pos.quantity) + " "
           + s.symbol + " at " + to_string(s.open->pos.entry_price)
           + (s.open->pos.trailing_armed ? ", trailing stop armed at best "
                                             + to_string(s.open->pos.best_price)
                                         : ""));
  }
  for (auto& o : in_flight) {
    adopt_exit(o, now);
    adopt_stop(o, now);
  }
  for (auto& s : book_.slots())
    protect(s, now);
}

void tracker::adopt_exit(const order_request& o, timestamp now) {
  auto* s = book_.find(o.symbol);
  if (o.side != order_side::sell || !s || !s->open || s->open->exiting)
    return;
  auto& p = *s->open;
  auto attempt = exit_attempt_of(p.pos.position_id, o.client_id);
  if (!attempt)
    return;
  exit_order x;
  x.client_id = o.client_id;
  x.reason = o.reason;
  x.decision_id = o.decision_id;
  x.quantity = o.quantity;
  // Placed for the whole position, the broker fitted it to the lot step.
  x.closes = o.quantity >= sellable(o.symbol, p.pos.quantity, o.type);
  p.exiting = std::move(x);
  p.exit_attempts = std::max(p.exit_attempts, *attempt);
  note(now, severity::info,
       "exit " + o.client_id + " (" + to_string(o.reason) + ") of " + p.pos.position_id
         + " is in flight again");
}

} // namespace tn
