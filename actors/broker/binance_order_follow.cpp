#include "actors/broker/binance_broker_state.hpp"
#include "actors/broker/broker_journal.hpp"
#include "messages/events.hpp"

#include <string>
#include <utility>
#include <vector>

namespace tn::binance_shell {

namespace {

bool falls_back(const followed_order& o, const order_update& u) {
  return o.request.type == order_type::limit_maker
         && (u.state == order_state::expired
             || (u.state == order_state::canceled && o.fallback_started));
}

/// Journals and forwards what the exchange reports about an order.
void commit(broker_ptr self, const std::string& client_id, order_update u) {
  auto& st = self->state;
  auto* o = find(self, client_id);
  if (!o)
    return;
  u.ts = st.now;
  if (o->algo) {
    // Its fills are those of the order it placed when it triggered; until
    // that one filled it still stands.
    u.filled_quantity = o->filled;
    if (u.state == order_state::filled && !triggered_order_done(*o))
      u.state = o->filled.is_positive() ? order_state::partially_filled : order_state::open;
  }
  if (is_final(u.state) && fills_missing(*o, u)) {
    // The trade list lags the order: read it again before the final state.
    schedule_poll(*o, st.now, config(self), false);
    return;
  }
  bool news = is_news(*o, u);
  if (o->unresolved)
    publish_event(self, st.now, severity::info,
                  "order " + client_id + " is known to the exchange: " + to_string(u.state)
                    + ", " + to_string(u.filled_quantity) + " of "
                    + to_string(o->request.quantity) + " filled");
  o->unresolved = false;
  if (news) {
    o->last = u;
    if (is_final(u.state))
      tell_order_end(self, u);
    auto what = "state " + std::string{to_string(u.state)} + " of order " + client_id;
    record(self, u, std::move(what), sinks_told::when_new);
  }
  if (!is_final(u.state)) {
    if (o->resting_since == timestamp{})
      o->resting_since = st.now;
    schedule_poll(*o, st.now, config(self), news);
    return;
  }
  if (o->filled.is_positive())
    st.balances_at = timestamp{}; // read the balances again
  auto done = *o;
  st.followed.erase(client_id);
  if (falls_back(done, u))
    fall_back(self, done);
}

void journal_fills(broker_ptr self, followed_order& o, std::vector<fill> fills) {
  auto& st = self->state;
  for (auto& f : new_fills(o, std::move(fills))) {
    ++st.fills;
    if (f.fee_asset == config(self).quote_asset)
      st.fees_day += f.fee;
    if (f.ts == timestamp{})
      f.ts = st.now;
    auto what = "fill " + f.symbol + " #" + std::to_string(f.trade_id);
    record(self, std::move(f), std::move(what), sinks_told::when_new);
  }
}

/// Reads the trades of the order, then commits `u`.
void read_trades(broker_ptr self, const std::string& client_id, order_update u) {
  auto* o = find(self, client_id);
  o->busy = true;
  auto call = trades_call(market(self), o->request.symbol, o->trades_order_id);
  exchange_call(self, call, [self, client_id, u](const binance_answer& a) {
    auto* o = find(self, client_id);
    if (!o)
      return;
    o->busy = false;
    std::vector<fill> trades;
    std::string error;
    if (kind_of(a) != answer_kind::ok || !parse_trades(a.body, o->request, trades, error)) {
      publish_event(self, self->state.now, severity::warning,
                    "cannot read the trades of order " + client_id + ": "
                      + (error.empty() ? why_of(a) : error) + "; read again at the next poll");
      schedule_poll(*o, self->state.now, config(self), false);
      return;
    }
    journal_fills(self, *o, std::move(trades));
    commit(self, client_id, u);
  });
}

/// An order answer: its fills first, then its state.
void apply(broker_ptr self, const std::string& client_id, order_report r) {
  auto* o = find(self, client_id);
  if (!o)
    return;
  if (!r.trades_order_id.empty())
    o->trades_order_id = r.trades_order_id;
  journal_fills(self, *o, std::move(r.fills));
  bool triggered = o->algo && r.update.state == order_state::filled;
  if ((fills_missing(*o, r.update) || triggered) && !o->trades_order_id.empty()) {
    read_trades(self, client_id, std::move(r.update));
    return;
  }
  commit(self, client_id, std::move(r.update));
}

} // namespace

followed_order* find(broker_ptr self, const std::string& client_id) {
  auto& f = self->state.followed;
  auto i = f.find(client_id);
  return i == f.end() ? nullptr : &i->second;
}

void finish(broker_ptr self, const std::string& client_id, order_state state, std::string why) {
  auto* o = find(self, client_id);
  if (!o)
    return;
  auto u = o->last;
  u.client_id = o->request.client_id;
  u.symbol = o->request.symbol;
  u.state = state;
  u.reason = std::move(why);
  u.ts = self->state.now;
  if (state == order_state::dropped)
    ++self->state.dropped;
  tell_order_end(self, u);
  auto what = "state " + std::string{to_string(state)} + " of order " + client_id;
  record(self, std::move(u), std::move(what), sinks_told::when_new);
  self->state.followed.erase(client_id);
}

bool apply_body(broker_ptr self, const std::string& client_id, const binance_answer& a) {
  auto* o = find(self, client_id);
  if (!o)
    return true;
  order_report r;
  std::string error;
  if (!parse_order(a.body, market(self), o->algo, o->request, r, error)) {
    publish_event(self, self->state.now, severity::error,
                  "cannot read the exchange's answer about order " + client_id + ": " + error);
    return false;
  }
  apply(self, client_id, std::move(r));
  return true;
}

void poll(broker_ptr self, const std::string& client_id) {
  auto* o = find(self, client_id);
  if (!o)
    return;
  o->busy = true;
  auto call = query_order_call(market(self), o->request.symbol, client_id, o->algo);
  exchange_call(self, call, [self, client_id](const binance_answer& a) {
    auto* o = find(self, client_id);
    if (!o)
      return;
    o->busy = false;
    auto kind = kind_of(a);
    if (kind == answer_kind::ok && apply_body(self, client_id, a))
      return;
    if (kind == answer_kind::unknown_order) {
      finish(self, client_id, order_state::dropped,
             o->unresolved ? "the exchange does not know it: it never reached the exchange"
                           : "the exchange no longer knows it");
      return;
    }
    schedule_poll(*o, self->state.now, config(self), false);
  });
}

void follow_up(broker_ptr self) {
  auto& st = self->state;
  std::vector<std::string> due;
  for (auto& [id, o] : st.followed) {
    if (fallback_due(o, st.now, config(self))) {
      o.fallback_started = true;
      publish_event(self, st.now, severity::info,
                    "maker entry " + id + " still rests after the fallback timeout: canceled");
      due.push_back("!" + id);
    } else if (poll_due(o, st.now) && !o.busy) {
      due.push_back(id);
    }
  }
  for (auto& id : due) {
    if (id[0] == '!')
      cancel(self, id.substr(1));
    else
      poll(self, id);
  }
}

} // namespace tn::binance_shell
