#include "actors/risk/risk_actor.hpp"

#include "actors/risk/risk.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/order.hpp"
#include "runtime/adopt_peer.hpp"
#include "runtime/error_text.hpp"
#include "runtime/exchange/lot_rules.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <utility>

namespace tn {

namespace {

/// One decision waiting for its peers' answers.
struct risk_run {
  uint64_t decision_id = 0;
  decision chosen;
  risk_inputs inputs;
  size_t pending = 0;
};

using run_ptr = std::shared_ptr<risk_run>;

struct risk_counters {
  uint64_t decisions = 0;
  uint64_t orders = 0;
  uint64_t exits = 0;
  uint64_t accepted = 0;
  uint64_t reduced = 0;
  uint64_t rejected = 0;
  uint64_t nothing_to_do = 0;
  uint64_t kill_switch_trips = 0;
};

struct risk_state {
  static inline const char* name = "risk";
  std::optional<risk_engine> logic;
  risk_setup setup;
  broker_actor broker;
  position_tracker_actor tracker;
  journal_actor journal;
  market_store_actor store;
  event_log_actor log;
  bool busy = false;
  std::deque<std::pair<uint64_t, decision>> waiting;
  bool account_pending = false;
  std::optional<timestamp> last_check; // the clock's time of the last daily-loss check
  timestamp now;                       // the latest event time seen
  bool rules_loaded = false;
  std::vector<lot_rule> lots;            // the tracker's share of the rules
  std::optional<timestamp> rules_failed; // when the last fetch failed (retry after)
  risk_counters counters;
};

using risk_ptr = risk_actor::stateful_pointer<risk_state>;

void start(risk_ptr self, uint64_t decision_id, decision d);

// -- sending what the logic decided --------------------------------------------

uint64_t& counter_of(risk_counters& c, risk_outcome x) {
  switch (x) {
    case risk_outcome::accepted: return c.accepted;
    case risk_outcome::reduced: return c.reduced;
    case risk_outcome::rejected: return c.rejected;
    case risk_outcome::nothing_to_do: break;
  }
  return c.nothing_to_do;
}

std::string describe(const risk_verdict& v) {
  return "decision " + std::to_string(v.decision_id) + " " + v.symbol + " " + to_string(v.action)
         + " " + to_string(decimal::from_double(v.requested_pct * 100).value_or(decimal{}), 1)
         + "%: " + to_string(v.outcome) + ": " + v.reason;
}

severity level_of(risk_outcome x) {
  return x == risk_outcome::rejected || x == risk_outcome::reduced ? severity::warning
                                                                  : severity::info;
}

void dispatch(risk_ptr self, risk_plan plan, timestamp ts) {
  auto& st = self->state;
  for (auto& note : plan.notes) {
    if (note.rfind("kill switch:", 0) == 0)
      ++st.counters.kill_switch_trips;
    publish_event(self, ts, severity::warning, note);
  }
  for (auto& x : plan.exits) {
    ++st.counters.exits;
    if (st.tracker)
      self->send(st.tracker, atom::exit_v, std::move(x));
  }
  for (auto& o : plan.orders) {
    ++st.counters.orders;
    if (st.broker)
      self->send(st.broker, atom::order_v, std::move(o));
  }
  for (auto& v : plan.verdicts) {
    ++counter_of(st.counters, v.outcome);
    // A HOLD's verdict is its journal row alone: a line for every HOLD of
    // every decision would bury the lines that say something (and cost a
    // tenth of a backtest's time).
    if (v.action != trade_action::hold)
      publish_event(self, v.ts, level_of(v.outcome), describe(v));
    if (st.journal)
      self->send(st.journal, atom::publish_v, v);
  }
}

// -- one decision ----------------------------------------------------------------

void next(risk_ptr self) {
  auto& st = self->state;
  st.busy = false;
  if (st.waiting.empty())
    return;
  auto [id, d] = std::move(st.waiting.front());
  st.waiting.pop_front();
  start(self, id, std::move(d));
}

/// One answer in: once all are, the logic judges the decision.
void answered(risk_ptr self, const run_ptr& run) {
  if (--run->pending > 0)
    return;
  auto& st = self->state;
  ++st.counters.decisions;
  dispatch(self, st.logic->decide(run->decision_id, run->chosen, run->inputs), run->inputs.now);
  next(self);
}

std::string no_answer(const char* peer, const caf::error& err) {
  return std::string{"the "} + peer + " does not answer (" + error_text(err) + ")";
}

void ask_account(risk_ptr self, const run_ptr& run) {
  auto& st = self->state;
  if (!st.broker) {
    run->inputs.account_error = "no broker is running";
    return answered(self, run);
  }
  self->request(st.broker, st.setup.query_timeout, atom::balance_v)
    .then(
      [self, run](account_state& a) {
        run->inputs.account = std::move(a);
        answered(self, run);
      },
      [self, run](caf::error& err) {
        run->inputs.account_error = no_answer("broker", err);
        answered(self, run);
      });
}

void ask_positions(risk_ptr self, const run_ptr& run) {
  auto& st = self->state;
  if (!st.tracker) {
    run->inputs.positions_error = "no position tracker is running";
    return answered(self, run);
  }
  self->request(st.tracker, st.setup.query_timeout, atom::positions_v)
    .then(
      [self, run](std::vector<position>& xs) {
        run->inputs.positions = std::move(xs);
        answered(self, run);
      },
      [self, run](caf::error& err) {
        run->inputs.positions_error = no_answer("position tracker", err);
        answered(self, run);
      });
}

void ask_health(risk_ptr self, const run_ptr& run) {
  auto& st = self->state;
  auto refuse = [&](std::string why) {
    run->inputs.journal_ok = false;
    run->inputs.journal_error = std::move(why);
  };
  if (!st.journal) {
    refuse("no journal is running");
    return answered(self, run);
  }
  self->request(st.journal, st.setup.query_timeout, atom::health_v)
    .then(
      [self, run](bool ok, std::string& why) {
        run->inputs.journal_ok = ok;
        run->inputs.journal_error = std::move(why);
        answered(self, run);
      },
      [self, run](caf::error& err) {
        run->inputs.journal_ok = false;
        run->inputs.journal_error = no_answer("journal", err);
        answered(self, run);
      });
}

/// The journal's client id epoch, for the entries' client ids.
void ask_epoch(risk_ptr self, const run_ptr& run) {
  auto& st = self->state;
  if (!st.journal) {
    run->inputs.epoch_error = "no journal is running";
    return answered(self, run);
  }
  self->request(st.journal, st.setup.query_timeout, atom::epoch_v)
    .then(
      [self, run](std::string& epoch) {
        run->inputs.client_id_epoch = std::move(epoch);
        answered(self, run);
      },
      [self, run](caf::error& err) {
        run->inputs.epoch_error = no_answer("journal", err);
        answered(self, run);
      });
}

/// The market store's last price is a double: converted at the analytics
/// boundary, it sizes the entry; the exchange's filters check the result.
void ask_price(risk_ptr self, const run_ptr& run, const std::string& symbol) {
  auto& st = self->state;
  if (!st.store)
    return answered(self, run);
  self->request(st.store, st.setup.query_timeout, atom::price_v, symbol)
    .then(
      [self, run, symbol](double price) {
        if (auto x = decimal::from_double(price); x && x->is_positive())
          run->inputs.prices[symbol] = *x;
        answered(self, run);
      },
      [self, run](caf::error&) { answered(self, run); });
}

void start(risk_ptr self, uint64_t decision_id, decision d) {
  auto& st = self->state;
  st.busy = true;
  auto run = std::make_shared<risk_run>();
  run->decision_id = decision_id;
  run->inputs.now = d.ts == timestamp{} ? st.now : d.ts;
  std::set<std::string> symbols;
  for (auto& x : d.decisions)
    if (x.action != trade_action::hold)
      symbols.insert(x.symbol);
  run->chosen = std::move(d);
  run->pending = 4 + symbols.size();
  ask_account(self, run);
  ask_positions(self, run);
  ask_health(self, run);
  ask_epoch(self, run);
  for (auto& s : symbols)
    ask_price(self, run, s);
}

// -- the daily loss outside decisions ----------------------------------------------

/// Asks the tracker for the positions (the flatten needs them), then the
/// broker for the account, and lets the logic check the day's loss.
void check_account(risk_ptr self) {
  auto& st = self->state;
  if (!st.broker || st.account_pending)
    return;
  st.account_pending = true;
  st.last_check = st.now;
  auto with_positions = [self](std::vector<position> positions) {
    auto& st = self->state;
    self->request(st.broker, st.setup.query_timeout, atom::balance_v)
      .then(
        [self, positions](const account_state& a) {
          auto& st = self->state;
          st.account_pending = false;
          dispatch(self, st.logic->on_account(a, positions, st.now), st.now);
        },
        [self](caf::error&) { self->state.account_pending = false; });
  };
  if (!st.tracker)
    return with_positions({});
  self->request(st.tracker, st.setup.query_timeout, atom::positions_v)
    .then([with_positions](std::vector<position>& xs) { with_positions(std::move(xs)); },
          [with_positions](caf::error&) { with_positions({}); });
}

void on_time(risk_ptr self, timestamp now) {
  auto& st = self->state;
  if (now > st.now)
    st.now = now;
  if (auto note = st.logic->on_time(st.now); !note.empty())
    publish_event(self, st.now, severity::warning, note);
  if (!st.last_check || st.now - *st.last_check >= st.setup.account_check)
    check_account(self);
}

// -- the console -----------------------------------------------------------------------

caf::result<uint32_t> flatten(risk_ptr self) {
  auto& st = self->state;
  if (!st.tracker)
    return caf::make_error(ec::missing_service, "no position tracker is running");
  auto rp = self->make_response_promise<uint32_t>();
  self->request(st.tracker, st.setup.query_timeout, atom::positions_v)
    .then(
      [self, rp](const std::vector<position>& xs) mutable {
        auto& st = self->state;
        publish_event(self, st.now, severity::warning,
                      "the operator flattens " + std::to_string(xs.size()) + " positions");
        risk_plan plan;
        plan.exits = flatten_all(xs, order_reason::flatten, st.now);
        dispatch(self, std::move(plan), st.now);
        rp.deliver(static_cast<uint32_t>(xs.size()));
      },
      [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

bool console_switch(risk_ptr self, bool changed, const char* what) {
  if (changed)
    publish_event(self, self->state.now, severity::warning, what);
  return changed;
}

status_report report(risk_ptr self) {
  auto& st = self->state;
  auto& c = st.counters;
  auto r = counters_report(risk_state::name, {{"decisions", c.decisions},
                                              {"orders", c.orders},
                                              {"exits", c.exits},
                                              {"verdicts.accepted", c.accepted},
                                              {"verdicts.reduced", c.reduced},
                                              {"verdicts.rejected", c.rejected},
                                              {"verdicts.nothing_to_do", c.nothing_to_do},
                                              {"kill_switch_trips", c.kill_switch_trips}});
  r.facts["paused"] = st.logic->paused() ? "yes" : "no";
  r.facts["kill_switch"] = st.logic->killed() ? st.logic->kill_reason() : "off";
  r.facts["waiting"] = std::to_string(st.waiting.size());
  return r;
}

void ask_rules(risk_ptr self) {
  auto& st = self->state;
  st.rules_failed.reset();
  if (st.setup.fetch_rules)
    st.setup.fetch_rules(caf::actor_cast<risk_actor>(self));
}

/// The position tracker sells by the exchange's lot rules: it gets them
/// whenever they load, and again when it (re)starts.
void send_lots(risk_ptr self) {
  auto& st = self->state;
  if (st.tracker && !st.lots.empty())
    self->send(st.tracker, atom::rules_v, st.lots);
}

void on_rules(risk_ptr self, const std::string& body, const std::string& error) {
  auto& st = self->state;
  exchange_filters filters;
  std::string why = error;
  if (why.empty() && !parse_exchange_info(body, st.setup.cfg.market, filters, why) && why.empty())
    why = "no exchangeInfo in the answer";
  if (!why.empty()) {
    // One line per failure streak; the retry is quiet until it succeeds.
    if (st.rules_loaded || !st.rules_failed)
      publish_event(self, st.now, severity::error,
                    "cannot load the exchange's trading rules (" + why
                      + "): entries are refused until they load; asking again every "
                      + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                         st.setup.rules_retry)
                                         .count())
                      + "s");
    st.rules_failed = st.now;
    return;
  }
  std::string missing;
  for (auto& symbol : st.setup.cfg.symbols)
    if (!filters.find(symbol))
      missing += (missing.empty() ? "" : ", ") + symbol;
  publish_event(self, st.now, missing.empty() ? severity::info : severity::warning,
                "trading rules loaded for " + std::to_string(filters.symbols.size()) + " symbols"
                  + (missing.empty() ? "" : "; the exchange lists none for " + missing
                                              + ": their entries are refused"));
  st.lots = lot_rules_of(filters);
  st.logic->set_filters(std::move(filters));
  st.rules_loaded = true;
  send_lots(self);
}

risk_actor::behavior_type risk_behavior(risk_ptr self, risk_setup setup) {
  auto& st = self->state;
  st.logic.emplace(setup.cfg, std::move(setup.filters));
  st.setup = std::move(setup);
  ask_rules(self);
  return {
    [self](atom::execute, uint64_t decision_id, decision& d) {
      auto& st = self->state;
      if (st.busy)
        st.waiting.emplace_back(decision_id, std::move(d));
      else
        start(self, decision_id, std::move(d));
    },
    [self](atom::pause) {
      return console_switch(self, self->state.logic->pause(), "entries paused by the operator");
    },
    [self](atom::resume) {
      return console_switch(self, self->state.logic->resume(), "entries resumed by the operator");
    },
    [self](atom::flatten) { return flatten(self); },
    [self](atom::reset) {
      return console_switch(self, self->state.logic->reset_kill_switch(),
                            "kill switch reset by the operator, entries are allowed again");
    },
    [self](const order_update& x) { self->state.logic->on_update(x); },
    [self](const fill& x) {
      self->state.logic->on_fill(x);
      check_account(self);
    },
    [self](atom::time, timestamp now) {
      auto& st = self->state;
      if (st.rules_failed && now >= *st.rules_failed + st.setup.rules_retry)
        ask_rules(self);
      on_time(self, now);
    },
    [self](const position_exit&) { check_account(self); },
    [self](atom::rules, const std::string& body, const std::string& error) {
      on_rules(self, body, error);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (adopt_peer(name, "position_tracker", hdl, st.tracker)) {
        send_lots(self);
        return;
      }
      static_cast<void>(adopt_peer(name, "broker", hdl, st.broker)
                        || adopt_peer(name, "journal", hdl, st.journal)
                        || adopt_peer(name, "market_store", hdl, st.store)
                        || adopt_peer(name, "event_log", hdl, st.log));
    },
    [self](atom::status) { return report(self); },
  };
}

} // namespace

risk_actor spawn_risk(caf::actor_system& sys, risk_setup setup) {
  return sys.spawn(risk_behavior, std::move(setup));
}

} // namespace tn
