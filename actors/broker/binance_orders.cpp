#include "actors/broker/binance_broker_state.hpp"
#include "actors/broker/broker_journal.hpp"
#include "actors/broker/sell_fit.hpp"
#include "messages/events.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

namespace tn::binance_shell {

namespace {

void post_order(broker_ptr self, const std::string& client_id, bool released = false);

/// Holds a new order until the exchange's order limits let it go; one
/// event per hold, however many orders wait. `why`: the exchange's words
/// when it refused the order (-1015), else the count at its limit.
void hold(broker_ptr self, const std::string& client_id, std::string why = {}) {
  auto& st = self->state;
  auto* o = find(self, client_id);
  o->busy = true; // not polled: the exchange does not have it
  st.held.push_back(client_id);
  if (st.hold_told)
    return;
  st.hold_told = true;
  auto now = exchange_now(self);
  auto left = st.limits.order_ready_at(now) - now;
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(left).count() + 1;
  if (why.empty())
    why = "the exchange's order limit is reached (" + st.limits.orders().full_at(now) + ")";
  else
    why = "the exchange refused a new order: " + why;
  publish_event(self, st.now, severity::warning,
                why + "; new orders are held for " + std::to_string(secs)
                  + " s and go out then (cancels and queries go on)");
}

/// The answer to placing an order.
void on_placed(broker_ptr self, const std::string& client_id, const binance_answer& a) {
  auto* o = find(self, client_id);
  if (!o)
    return;
  o->busy = false;
  auto kind = kind_of(a);
  auto why = why_of(a);
  switch (kind) {
    case answer_kind::ok:
      if (self->state.held.empty())
        self->state.hold_told = false; // the hold is over: a new one is news again
      if (!apply_body(self, client_id, a)) {
        o->unresolved = true;
        poll(self, client_id);
      }
      return;
    case answer_kind::outcome_unknown: {
      // It may have executed: find it by its client id, never send it again.
      o->unresolved = true;
      auto u = o->last;
      u.client_id = client_id;
      u.symbol = o->request.symbol;
      u.state = order_state::sent;
      u.reason = "no answer from the exchange (" + why + "); looked up by client id";
      u.ts = self->state.now;
      o->last = u;
      publish_event(self, u.ts, severity::warning, "order " + client_id + ": " + u.reason);
      record(self, u, "state sent of order " + client_id, sinks_told::when_new);
      poll(self, client_id);
      return;
    }
    case answer_kind::not_sent:
      finish(self, client_id, order_state::dropped, "not sent: " + why);
      return;
    case answer_kind::rejected: {
      exchange_error e;
      bool take = parse_error(a.body, e) && would_take(e)
                  && o->request.type == order_type::limit_maker;
      auto done = *o;
      finish(self, client_id, order_state::rejected,
             why + (take ? "; its quantity goes to the market instead" : ""));
      if (take)
        fall_back(self, done);
      return;
    }
    case answer_kind::filter_failure:
      publish_event(self, self->state.now, severity::error,
                    "the exchange refused order " + client_id + " by its filters (" + why
                      + "): the node's filter checks should have caught it, a bug");
      finish(self, client_id, order_state::rejected, why);
      return;
    case answer_kind::order_limited:
      // Refused, so never placed: the same client id goes out once the
      // window resets.
      hold(self, client_id, why);
      return;
    case answer_kind::rate_limited:
      finish(self, client_id, order_state::rejected,
             "the exchange limits the request rate (HTTP " + std::to_string(a.status)
               + "); nothing signed is sent until its Retry-After");
      return;
    case answer_kind::clock_skew:
    case answer_kind::unknown_order:
      finish(self, client_id, order_state::rejected, why);
      return;
  }
}

/// Sends the order unless the order limits hold it; a `released` order
/// comes from the held ones, the others queue behind those.
void post_order(broker_ptr self, const std::string& client_id, bool released) {
  auto& st = self->state;
  auto* o = find(self, client_id);
  if (!o)
    return;
  auto now = exchange_now(self);
  if ((!released && !st.held.empty()) || st.limits.order_ready_at(now) > now)
    return hold(self, client_id);
  o->busy = true;
  st.limits.on_order_sent(now);
  exchange_call(self, new_order_call(market(self), o->request),
                [self, client_id](const binance_answer& a) { on_placed(self, client_id, a); });
}

/// Futures: leverage and margin type of the symbol, once, before its
/// first order; then `then`, or the order is rejected.
void prepare_symbol(broker_ptr self, const std::string& client_id) {
  auto symbol = find(self, client_id)->request.symbol;
  if (market(self) == market_kind::spot || self->state.prepared.count(symbol) > 0) {
    post_order(self, client_id);
    return;
  }
  auto fail = [self, client_id, symbol](const std::string& what, const binance_answer& a) {
    finish(self, client_id, order_state::rejected,
           "cannot set the " + what + " of " + symbol + ": " + why_of(a));
  };
  exchange_call(
    self, leverage_call(symbol, config(self).leverage),
    [self, client_id, symbol, fail](const binance_answer& a) {
      if (kind_of(a) != answer_kind::ok)
        return fail("leverage", a);
      exchange_call(self, margin_type_call(symbol, config(self).margin),
                    [self, client_id, symbol, fail](const binance_answer& a) {
                      exchange_error e;
                      bool unchanged = parse_error(a.body, e) && margin_type_unchanged(e);
                      if (kind_of(a) != answer_kind::ok && !unchanged)
                        return fail("margin type", a);
                      self->state.prepared.insert(symbol);
                      publish_event(self, self->state.now, severity::info,
                                    symbol + ": leverage "
                                      + std::to_string(config(self).leverage) + ", margin "
                                      + (config(self).margin == margin_type::isolated
                                           ? "isolated"
                                           : "cross"));
                      post_order(self, client_id);
                    });
    });
}

/// Write-ahead: the order is sent only once the journal committed its
/// intent, and never when it was journaled before.
void submit(broker_ptr self, order_request x) {
  write_ahead(self, x, [self](const order_request& x) {
    followed_order o;
    o.request = x;
    o.algo = is_algo(market(self), x);
    o.last.client_id = x.client_id;
    o.last.symbol = x.symbol;
    self->state.followed[x.client_id] = std::move(o);
    prepare_symbol(self, x.client_id);
  });
}

/// Why the exchange would refuse `x` by its filters; "" if it passes.
std::string filter_problem(broker_ptr self, const order_request& x) {
  auto& st = self->state;
  const auto* f = st.filters->find(x.symbol);
  if (!f)
    return x.symbol + " is not listed by the exchange";
  if (!f->trading())
    return x.symbol + " is not trading (" + f->status + ")";
  if (is_algo(market(self), x) && x.quantity.is_zero())
    return {}; // closes whatever the position is when it triggers
  auto last = st.last_prices.count(x.symbol) > 0 ? st.last_prices[x.symbol] : decimal{};
  bool market_order = x.type == order_type::market;
  auto rules = *f;
  if (market_order && !last.is_positive())
    rules.notional.reset(); // no price yet to value it: risk valued it
  order_check check{x.side, x.type, x.quantity, market_order ? decimal{} : x.price, last};
  return check_order(rules, check);
}

} // namespace

void fall_back(broker_ptr self, const followed_order& o) {
  auto& st = self->state;
  const auto* f = st.filters ? st.filters->find(o.request.symbol) : nullptr;
  auto qty = remaining(o);
  if (f)
    qty = round_quantity(*f, qty, order_type::market);
  auto x = fallback_order(o.request, qty);
  x.ts = st.now;
  auto why = !qty.is_positive() ? std::string{"nothing left"} : filter_problem(self, x);
  if (!why.empty()) {
    publish_event(self, st.now, severity::info,
                  "maker entry " + o.request.client_id + " not followed by a market order: " + why);
    return;
  }
  publish_event(self, st.now, severity::info,
                "maker entry " + o.request.client_id + " falls back to market order "
                  + x.client_id + " for " + to_string(qty) + " " + x.symbol);
  submit(self, std::move(x));
}

void place(broker_ptr self, order_request x) {
  auto& st = self->state;
  ++st.orders;
  if (!st.restored)
    return refuse_order(self, x, "the binance broker has not reconciled with the exchange yet");
  if (find(self, x.client_id)) {
    // Its own updates say what happens to it; a refusal would contradict them.
    publish_event(self, st.now, severity::warning,
                  "order " + x.client_id + " is already at the exchange; not placed again");
    return;
  }
  if (!st.reconciled)
    return refuse_order(self, x, "the binance broker has not reconciled with the exchange yet");
  if (!st.positions_reconciled && x.reason == order_reason::entry)
    return refuse_order(self, x,
                        "the positions are not reconciled with the exchange's holdings yet");
  if (!st.filters)
    return refuse_order(self, x, "the exchange's trading rules are not loaded yet");
  if (auto left = pause_left(self); left > timespan{})
    return refuse_order(self, x, pause_text(left));
  if (const auto* f = st.filters->find(x.symbol))
    if (auto why = fit_sell(*f, x); !why.empty())
      return refuse_order(self, x, why);
  if (auto why = filter_problem(self, x); !why.empty()) {
    publish_event(self, st.now, severity::error,
                  "order " + x.client_id + " would fail the exchange's filters (" + why
                    + "); risk should have rounded it, a bug: not sent");
    return refuse_order(self, x, why);
  }
  submit(self, std::move(x));
}

void cancel(broker_ptr self, const std::string& client_id) {
  if (!self->state.reconciled) {
    // Its order may be one the journal still has to hand back, or one
    // only a signed request measured by the exchange's clock may cancel.
    self->state.early_cancels.push_back(client_id);
    return;
  }
  auto* o = find(self, client_id);
  if (!o) {
    publish_event(self, self->state.now, severity::warning,
                  "cancel " + client_id + ": no such open order");
    return;
  }
  auto& held = self->state.held;
  if (auto i = std::find(held.begin(), held.end(), client_id); i != held.end()) {
    held.erase(i); // never sent: nothing to cancel at the exchange
    if (held.empty())
      self->state.hold_told = false;
    finish(self, client_id, order_state::canceled, "canceled while held by the order limit");
    return;
  }
  o->busy = true;
  auto call = cancel_order_call(market(self), o->request.symbol, client_id, o->algo);
  exchange_call(self, call, [self, client_id](const binance_answer& a) {
    auto* o = find(self, client_id);
    if (!o)
      return;
    o->busy = false;
    // An algo cancel answers with a code, not the order; an order filled
    // meanwhile or an answer that never came: the order itself says.
    if (kind_of(a) == answer_kind::ok && !o->algo && apply_body(self, client_id, a))
      return;
    poll(self, client_id);
  });
}

void release_held(broker_ptr self) {
  auto& st = self->state;
  while (!st.held.empty()) {
    auto now = exchange_now(self);
    if (st.limits.order_ready_at(now) > now)
      return;
    auto id = st.held.front();
    st.held.pop_front();
    post_order(self, id, true);
  }
}

} // namespace tn::binance_shell
