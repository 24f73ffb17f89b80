// The tracker at start: its restored positions made to agree with what the
// exchange holds (reconcile.hpp decides, this applies).

#include "actors/tracker/reconcile.hpp"
#include "actors/tracker/tracker.hpp"

#include <utility>

namespace tn {

uint32_t tracker::reconcile(const exchange_holdings& exchange, timestamp now) {
  uint32_t changed = 0;
  for (auto& c : reconcile_positions(positions(), exchange)) {
    auto text = describe(c);
    auto& s = book_.slot(c.symbol);
    switch (c.action) {
      case reconcile_action::foreign:
        note(now, severity::info, text);
        continue;
      case reconcile_action::short_untracked:
        note(now, severity::error, text);
        continue;
      case reconcile_action::not_read:
        note(now, severity::warning, text);
        continue;
      case reconcile_action::adopt: {
        position pos;
        pos.position_id = adopted_position_id(c.symbol, exchange.ts);
        pos.symbol = c.symbol;
        pos.quantity = c.quantity;
        pos.entry_price = c.entry_price.is_positive() ? c.entry_price : s.last_price;
        pos.best_price = max(pos.entry_price, s.last_price);
        pos.opened = now;
        tracked_position p;
        p.pos = std::move(pos);
        p.next_reevaluation = now + cfg_.reevaluation_interval;
        s.open = std::move(p);
        save(*s.open);
        ++changed;
        note(now, severity::warning, text + " as " + s.open->pos.position_id);
        protect(s, now);
        continue;
      }
      case reconcile_action::reduce:
      case reconcile_action::close:
      case reconcile_action::raise:
        break;
    }
    auto& p = *s.open;
    if (p.exiting) {
      note(now, severity::warning,
           text + "? Not corrected: exit " + p.exiting->client_id + " is in flight and its "
                  "fills settle the position");
      continue;
    }
    ++changed;
    if (c.action == reconcile_action::close) {
      note(now, severity::warning, text);
      if (p.stop && !p.stop->cancel_wanted) {
        p.stop->cancel_wanted = true;
        send_cancel(*p.stop, now);
      }
      auto gone = p.pos;
      gone.quantity = decimal{}; // journaled: the row is deleted
      out_.saved.push_back(std::move(gone));
      s.last_closed = p.pos.position_id + " (gone at the exchange)";
      s.open.reset();
      continue;
    }
    note(now, severity::warning, text);
    p.pos.quantity = c.quantity;
    if (c.entry_price.is_positive())
      p.pos.entry_price = c.entry_price;
    p.pos.best_price = max(p.pos.best_price, p.pos.entry_price);
    save(p);
    protect(s, now);
  }
  stats_.reconciled += changed;
  return changed;
}

} // namespace tn
