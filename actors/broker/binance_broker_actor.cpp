#include "actors/broker/binance_broker_actor.hpp"

#include "actors/broker/binance_follow.hpp"
#include "actors/broker/binance_limits.hpp"
#include "actors/broker/binance_request.hpp"
#include "actors/broker/binance_response.hpp"
#include "actors/broker/binance_sign.hpp"
#include "actors/broker/broker_journal.hpp"
#include "actors/broker/paper_account.hpp"
#include "actors/broker/sell_fit.hpp"
#include "actors/market_listener/klines_fetch.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "runtime/clock.hpp"
#include "runtime/exchange/symbol_filters.hpp"
#include "runtime/service.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tn {

namespace {

using std::chrono::milliseconds;

/// The broker's interface plus the answers of its own HTTP calls.
using binance_broker_actor = broker_actor::extend<caf::reacts_to<binance_answer>>;

/// The trading rules and the account are read again this often.
constexpr auto rules_retry = std::chrono::seconds{30};
constexpr auto balances_refresh = std::chrono::minutes{1};

using answer_fn = std::function<void(const binance_answer&)>;

struct binance_broker_state {
  static inline const char* name = "broker";
  binance_setup setup;
  timestamp now{}; // event time, from the clock and the market
  journal_actor journal;
  event_log_actor log;
  execution_sink_actor tracker;
  execution_sink_actor risk;
  position_reconciler_actor reconciler; // the position tracker
  // Calls in flight, by id.
  uint64_t next_call = 0;
  std::map<uint64_t, answer_fn> calls;
  int64_t offset_ms = 0; // exchange clock minus the signing clock
  binance_limits limits;
  std::optional<exchange_filters> filters;
  bool rules_pending = false;
  timestamp rules_retry_at{};
  std::map<std::string, followed_order> followed; // by client id
  std::set<std::string> prepared;                 // futures symbols with leverage and margin set
  std::map<std::string, decimal> last_prices;
  std::optional<std::vector<asset_balance>> balances;
  std::vector<futures_position> positions;
  bool balances_pending = false;
  timestamp balances_at{};
  bool restored = false;
  bool restoring = false;
  // The tracker's positions agree with the exchange's holdings: until then
  // entries are refused.
  bool positions_reconciled = false;
  bool reconciling = false;
  timestamp reconcile_retry_at{};
  std::vector<std::string> early_cancels; // asked before the restore: done after it
  timestamp day{};
  decimal realized_pnl_day;
  decimal fees_day;
  uint64_t orders = 0;
  uint64_t rejected = 0;
  uint64_t fills = 0;
  uint64_t journal_errors = 0;
  uint64_t requests = 0;
  uint64_t resyncs = 0;
  uint64_t adopted = 0;
  uint64_t dropped = 0;
};

using broker_ptr = binance_broker_actor::stateful_pointer<binance_broker_state>;

const binance_config& config(broker_ptr self) {
  return self->state.setup.cfg;
}

market_kind market(broker_ptr self) {
  return config(self).market;
}

timestamp wall_now(broker_ptr self) {
  return timestamp{} + milliseconds{self->state.setup.wall_ms()};
}

answer_kind kind_of(const binance_answer& a) {
  return classify(a.error, a.outcome_unknown, a.status, a.body);
}

/// The exchange's words for a failed answer.
std::string why_of(const binance_answer& a) {
  if (!a.error.empty())
    return a.error;
  exchange_error e;
  if (parse_error(a.body, e))
    return e.msg + " (" + std::to_string(e.code) + ")";
  return "HTTP " + std::to_string(a.status);
}

/// How long signed traffic must still wait; zero when it may go.
timespan pause_left(broker_ptr self) {
  auto now = wall_now(self);
  auto ready = self->state.limits.ready_at(now);
  return ready > now ? ready - now : timespan{};
}

std::string pause_text(timespan left) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(left).count() + 1;
  return "the exchange asked to pause requests (HTTP 429/418 or the request weight used "
         "up); they resume in "
         + std::to_string(secs) + " s";
}

void send_call(broker_ptr self, const rest_call& c, answer_fn k) {
  auto& st = self->state;
  auto id = ++st.next_call;
  st.calls.emplace(id, std::move(k));
  auto req = to_http(c, st.setup.prefix, st.setup.keys, st.setup.wall_ms() + st.offset_ms,
                     std::chrono::duration_cast<milliseconds>(st.setup.cfg.recv_window).count());
  st.limits.on_sent(wall_now(self), call_weight(c.method, c.path));
  ++st.requests;
  auto hdl = caf::actor_cast<binance_broker_actor>(self);
  st.setup.http->request(std::move(req), st.setup.timeout, [hdl, id](net::http_result r) {
    binance_answer a{id, std::move(r.error), r.outcome_unknown, r.response.status,
                     std::move(r.response.headers), std::move(r.response.body)};
    caf::anon_send(hdl, std::move(a));
  });
}

void on_answer(broker_ptr self, binance_answer& a) {
  auto& st = self->state;
  if (a.error.empty()) {
    net::http_response res;
    res.status = a.status;
    res.headers = a.headers;
    res.body = a.body;
    st.limits.on_answer(wall_now(self), res);
  }
  auto i = st.calls.find(a.call);
  if (i == st.calls.end())
    return;
  auto k = std::move(i->second);
  st.calls.erase(i);
  k(a);
}

/// Measures the offset to the exchange's clock, then runs `then`.
void resync(broker_ptr self, std::function<void()> then) {
  auto before = self->state.setup.wall_ms();
  send_call(self, server_time_call(market(self)), [self, before, then](const binance_answer& a) {
    auto& st = self->state;
    int64_t server = 0;
    std::string error;
    if (kind_of(a) == answer_kind::ok && parse_server_time(a.body, server, error)) {
      auto after = st.setup.wall_ms();
      st.offset_ms = server - (before + after) / 2;
      ++st.resyncs;
      publish_event(self, st.now, severity::warning,
                    "the exchange refused a request's timestamp (-1021): clock resynchronised, "
                    "the exchange is "
                      + std::to_string(st.offset_ms) + " ms ahead of this node");
    } else {
      publish_event(self, st.now, severity::error,
                    "cannot read the exchange's time: "
                      + (error.empty() ? why_of(a) : error));
    }
    then();
  });
}

/// A call to the exchange. Calls wait for no pause: while the exchange
/// asks us to wait (it counts per IP, and bans a client that goes on) they
/// are answered "not sent" at once. A -1021 resynchronises the clock and
/// signs the call again, once.
void exchange_call(broker_ptr self, rest_call c, answer_fn k, bool resynced = false) {
  if (auto left = pause_left(self); left > timespan{}) {
    binance_answer a;
    a.error = pause_text(left);
    k(a);
    return;
  }
  send_call(self, c, [self, c, k, resynced](const binance_answer& a) {
    if (!resynced && c.is_signed && kind_of(a) == answer_kind::clock_skew) {
      resync(self, [self, c, k] { exchange_call(self, c, k, true); });
      return;
    }
    k(a);
  });
}

followed_order* find(broker_ptr self, const std::string& client_id) {
  auto& f = self->state.followed;
  auto i = f.find(client_id);
  return i == f.end() ? nullptr : &i->second;
}

void submit(broker_ptr self, order_request x);
std::string filter_problem(broker_ptr self, const order_request& x);
void poll(broker_ptr self, const std::string& client_id);

/// The order ends here with `state`: journaled, the sinks told, no longer
/// followed.
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

/// What a maker entry leaves after it was canceled or refused for taking
/// goes to the market under its own client id.
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

/// Reads an order answer body for `client_id` and applies it; false if
/// the body is no order.
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

void post_order(broker_ptr self, const std::string& client_id) {
  auto* o = find(self, client_id);
  o->busy = true;
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

void place(broker_ptr self, order_request x) {
  auto& st = self->state;
  ++st.orders;
  if (!st.restored)
    return refuse_order(self, x, "the binance broker has not reconciled with the exchange yet");
  if (!st.positions_reconciled && x.reason == order_reason::entry)
    return refuse_order(self, x,
                        "the positions are not reconciled with the exchange's holdings yet");
  if (!st.filters)
    return refuse_order(self, x, "the exchange's trading rules are not loaded yet");
  if (find(self, x.client_id)) {
    // Its own updates say what happens to it; a refusal would contradict them.
    publish_event(self, st.now, severity::warning,
                  "order " + x.client_id + " is already at the exchange; not placed again");
    return;
  }
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

/// Reads the order by its client id: its state and fills, or that the
/// exchange does not know it.
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

/// Cancels an order; its final state comes with the answer or the next
/// poll.
void cancel(broker_ptr self, const std::string& client_id) {
  if (!self->state.restored) {
    // Its order may be one the journal still has to hand back.
    self->state.early_cancels.push_back(client_id);
    return;
  }
  auto* o = find(self, client_id);
  if (!o) {
    publish_event(self, self->state.now, severity::warning,
                  "cancel " + client_id + ": no such open order");
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

// -- start: rules, balances, reconciliation ----------------------------------------

void load_rules(broker_ptr self) {
  auto& st = self->state;
  if (st.filters || st.rules_pending || st.now < st.rules_retry_at)
    return;
  st.rules_pending = true;
  exchange_call(self, exchange_info_call(market(self), st.setup.symbols),
                [self](const binance_answer& a) {
                  auto& st = self->state;
                  st.rules_pending = false;
                  exchange_filters filters;
                  std::string error;
                  if (kind_of(a) != answer_kind::ok
                      || !parse_exchange_info(a.body, market(self), filters, error)) {
                    st.rules_retry_at = st.now + rules_retry;
                    publish_event(self, st.now, severity::error,
                                  "cannot load the exchange's trading rules ("
                                    + (error.empty() ? why_of(a) : error)
                                    + "); orders are refused until they are");
                    return;
                  }
                  st.limits.set_limits(a.body);
                  st.filters = std::move(filters);
                });
}

void read_balances(broker_ptr self) {
  auto& st = self->state;
  if (st.balances_pending)
    return;
  st.balances_pending = true;
  st.balances_at = st.now;
  exchange_call(self, balances_call(market(self)), [self](const binance_answer& a) {
    auto& st = self->state;
    std::vector<asset_balance> balances;
    std::string error;
    if (kind_of(a) != answer_kind::ok || !parse_balances(a.body, market(self), balances, error)) {
      st.balances_pending = false;
      publish_event(self, st.now, severity::warning,
                    "cannot read the balances: " + (error.empty() ? why_of(a) : error));
      return;
    }
    auto done = [self, balances]() mutable {
      auto& st = self->state;
      st.balances_pending = false;
      bool first = !st.balances;
      st.balances = balances;
      if (first)
        publish_event(self, st.now, severity::info,
                      "balances read from the exchange: " + std::to_string(balances.size())
                        + " assets");
      if (st.journal)
        self->request(st.journal, broker_journal_timeout, atom::publish_v, balances)
          .then([](uint64_t) {},
                [self](caf::error& err) { journal_failed(self, "balances", err); });
    };
    if (market(self) == market_kind::spot)
      return done();
    exchange_call(self, positions_call(), [self, done](const binance_answer& a) mutable {
      std::vector<futures_position> positions;
      std::string error;
      if (kind_of(a) == answer_kind::ok && parse_positions(a.body, positions, error))
        self->state.positions = std::move(positions);
      done();
    });
  });
}

/// Every order the journal left without a final state is read back by its
/// client id: adopted when the exchange knows it, dropped when not.
void reconcile(broker_ptr self, execution_journal& j) {
  auto& st = self->state;
  st.day = j.day;
  st.realized_pnl_day = j.realized_pnl_day;
  auto fees = j.fees_day.find(config(self).quote_asset);
  st.fees_day = fees == j.fees_day.end() ? decimal{} : fees->second;
  for (auto& jo : j.open_orders) {
    followed_order o;
    o.request = jo.request;
    o.last = jo.last;
    o.algo = is_algo(market(self), jo.request);
    o.unresolved = true;
    auto id = jo.request.client_id;
    st.followed[id] = std::move(o);
    publish_event(self, st.now, severity::info,
                  "order " + id + " was " + to_string(jo.last.state)
                    + " when the node stopped: looked up at the exchange");
    ++st.adopted;
    poll(self, id);
  }
  read_balances(self);
  for (auto& id : std::exchange(st.early_cancels, {}))
    cancel(self, id);
}

void restore(broker_ptr self) {
  restore_from_journal(self, [self](execution_journal& j) { reconcile(self, j); });
}

/// Holdings of the traded symbols the exchange lists: spot, the base
/// asset's free and locked balance.
exchange_holdings spot_holdings(broker_ptr self, const std::vector<asset_balance>& balances) {
  auto& st = self->state;
  exchange_holdings out;
  out.ts = st.now;
  for (auto& symbol : st.setup.symbols) {
    const auto* f = st.filters->find(symbol);
    if (!f)
      continue;
    exchange_holding h;
    h.symbol = symbol;
    h.lot_step = f->lot ? f->lot->step_size : decimal{};
    for (auto& b : balances)
      if (b.asset == f->base_asset)
        h.quantity = b.free + b.locked;
    out.symbols.push_back(std::move(h));
  }
  return out;
}

/// Futures: each symbol's position, signed (one-way mode: one per symbol).
exchange_holdings futures_holdings(broker_ptr self, const std::vector<futures_position>& xs) {
  auto& st = self->state;
  exchange_holdings out;
  out.futures = true;
  out.ts = st.now;
  for (auto& symbol : st.setup.symbols) {
    const auto* f = st.filters->find(symbol);
    if (!f)
      continue;
    exchange_holding h;
    h.symbol = symbol;
    h.lot_step = f->lot ? f->lot->step_size : decimal{};
    for (auto& p : xs)
      if (p.symbol == symbol) {
        h.quantity += p.amount;
        h.entry_price = p.entry_price;
      }
    out.symbols.push_back(std::move(h));
  }
  return out;
}

void reconcile_failed(broker_ptr self, const std::string& why) {
  auto& st = self->state;
  st.reconciling = false;
  st.reconcile_retry_at = st.now + rules_retry;
  publish_event(self, st.now, severity::warning,
                "cannot reconcile the positions with the exchange (" + why
                  + "); entries are refused until they are, tried again in "
                  + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(rules_retry)
                                     .count())
                  + " s");
}

void tell_reconciler(broker_ptr self, exchange_holdings h) {
  auto& st = self->state;
  self->request(st.reconciler, broker_journal_timeout, atom::reconcile_v, std::move(h))
    .then(
      [self](uint32_t changed) {
        auto& st = self->state;
        st.reconciling = false;
        st.positions_reconciled = true;
        publish_event(self, st.now, changed > 0 ? severity::warning : severity::info,
                      "positions reconciled with the exchange's holdings: "
                        + std::to_string(changed) + " corrected; entries are accepted");
      },
      [self](caf::error& err) { reconcile_failed(self, "the position tracker: " + error_text(err)); });
}

/// Once the journal's open orders are resolved (their fills are in the
/// positions) and the trading rules are loaded: the exchange's holdings
/// are read and handed to the position tracker to correct its positions.
void reconcile_positions(broker_ptr self) {
  auto& st = self->state;
  if (!st.restored || st.positions_reconciled || st.reconciling || !st.filters || !st.reconciler
      || st.now < st.reconcile_retry_at)
    return;
  for (auto& [id, o] : st.followed)
    if (o.unresolved)
      return;
  st.reconciling = true;
  auto spot_market = market(self) == market_kind::spot;
  auto call = spot_market ? balances_call(market(self)) : positions_call();
  exchange_call(self, call, [self, spot_market](const binance_answer& a) {
    auto& st = self->state;
    std::string error;
    if (kind_of(a) != answer_kind::ok)
      return reconcile_failed(self, why_of(a));
    if (spot_market) {
      std::vector<asset_balance> balances;
      if (!parse_balances(a.body, market(self), balances, error))
        return reconcile_failed(self, error);
      return tell_reconciler(self, spot_holdings(self, balances));
    }
    std::vector<futures_position> positions;
    if (!parse_positions(a.body, positions, error))
      return reconcile_failed(self, error);
    st.positions = positions;
    tell_reconciler(self, futures_holdings(self, positions));
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

account_state account(broker_ptr self) {
  auto& st = self->state;
  auto& quote = config(self).quote_asset;
  account_state a;
  a.ts = st.now;
  a.quote_asset = quote;
  a.realized_pnl_today = st.realized_pnl_day;
  a.fees_today = st.fees_day;
  a.balances = *st.balances;
  for (auto& b : a.balances) {
    if (b.asset == quote) {
      a.quote_balance = b.free + b.locked;
      continue;
    }
    auto price = st.last_prices.find(b.asset + quote);
    if (market(self) == market_kind::spot && price != st.last_prices.end())
      a.equity += mul(b.free + b.locked, price->second);
  }
  a.equity += a.quote_balance;
  for (auto& p : st.positions) {
    auto price = st.last_prices.find(p.symbol);
    if (price != st.last_prices.end())
      a.equity += mul(p.amount, price->second - p.entry_price);
  }
  for (auto& [id, o] : st.followed)
    a.open_orders.push_back(o.last);
  return a;
}

/// Event time moves forward only; a new UTC day starts the day's PnL and
/// fees from zero.
void advance(broker_ptr self, timestamp ts) {
  auto& st = self->state;
  st.now = std::max(st.now, ts);
  auto day = utc_day(st.now);
  if (day > st.day) {
    st.day = day;
    st.realized_pnl_day = decimal{};
    st.fees_day = decimal{};
  }
}

binance_broker_actor::behavior_type binance_broker_behavior(broker_ptr self,
                                                            binance_setup setup) {
  self->state.setup = std::move(setup);
  return {
    [self](atom::order, order_request& x) { place(self, std::move(x)); },
    [self](atom::cancel, const std::string& client_id) { cancel(self, client_id); },
    [self](atom::balance) -> caf::result<account_state> {
      if (!self->state.balances)
        return caf::make_error(ec::network_error, "the balances are not read from the exchange yet");
      return account(self);
    },
    [self](const tick_batch& batch) {
      for (auto& t : batch.ticks) {
        advance(self, t.ts_event);
        auto price = decimal::from_double(t.price); // the market data's doubles end here
        if (price && price->is_positive())
          self->state.last_prices[t.symbol] = *price;
      }
    },
    [self](atom::time, timestamp now) {
      auto& st = self->state;
      advance(self, now);
      load_rules(self);
      restore(self);
      reconcile_positions(self);
      if (st.restored && st.now >= st.balances_at + balances_refresh)
        read_balances(self);
      follow_up(self);
    },
    [self](binance_answer& a) { on_answer(self, a); },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      if (name == "position_tracker")
        self->state.reconciler = caf::actor_cast<position_reconciler_actor>(hdl);
      if (adopt_broker_peer(self, name, hdl))
        restore(self);
    },
    [self](atom::status) {
      auto& st = self->state;
      auto r = counters_report(binance_broker_state::name,
                               {{"orders", st.orders},
                                {"rejected", st.rejected},
                                {"fills", st.fills},
                                {"journal_errors", st.journal_errors},
                                {"requests", st.requests},
                                {"clock_resyncs", st.resyncs},
                                {"reconciled", st.adopted},
                                {"dropped", st.dropped},
                                {"open_orders", st.followed.size()}});
      r.facts = {{"mode", "binance"},
                 {"market", market(self) == market_kind::spot ? "spot" : "futures"},
                 {"restored", st.restored ? "yes" : "no"},
                 {"positions", st.positions_reconciled ? "reconciled" : "not reconciled"},
                 {"rules", st.filters ? "loaded" : "not loaded"},
                 {"limits", st.limits.usage()}};
      if (auto left = pause_left(self); left > timespan{})
        r.facts["paused"] = pause_text(left);
      if (st.balances)
        r.facts["equity"] = to_string(account(self).equity, 2) + " " + config(self).quote_asset;
      return r;
    },
  };
}

} // namespace

broker_actor spawn_binance_broker(caf::actor_system& sys, binance_setup setup) {
  return caf::actor_cast<broker_actor>(sys.spawn(binance_broker_behavior, std::move(setup)));
}

caf::expected<caf::actor> spawn_binance_broker(service_context& ctx) {
  binance_setup setup;
  setup.cfg = ctx.cfg.section<binance_config>();
  setup.cfg.market = ctx.cfg.exchange.market;
  if (auto why = setup.cfg.validate(); !why.empty())
    return caf::make_error(ec::invalid_config, why);
  const char* key = std::getenv(binance_api_key_env);
  const char* secret = std::getenv(binance_secret_env);
  if (!key || !*key || !secret || !*secret)
    return caf::make_error(ec::invalid_config,
                           std::string{"the binance broker needs the API key pair in the "
                                       "environment: set "}
                             + binance_api_key_env + " and " + binance_secret_env);
  setup.keys = {key, secret};
  if (ctx.io == nullptr)
    return caf::make_error(ec::invalid_config, "the binance broker needs the I/O thread");
  std::string error;
  setup.http = make_rest_client(*ctx.io, ctx.cfg.exchange, error);
  if (!setup.http)
    return caf::make_error(ec::invalid_config, "binance broker: " + error);
  setup.prefix = rest_url_path(ctx.cfg.exchange);
  setup.timeout = ctx.cfg.exchange.rest_timeout;
  setup.symbols = ctx.cfg.market.symbols;
  setup.wall_ms = [] {
    return std::chrono::duration_cast<milliseconds>(wall_clock{}.now().time_since_epoch())
      .count();
  };
  return caf::actor_cast<caf::actor>(spawn_binance_broker(ctx.sys, std::move(setup)));
}

} // namespace tn
