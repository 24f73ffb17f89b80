#include "actors/trader/trader_actor.hpp"

#include "actors/agent/agent_config.hpp"
#include "actors/trader/prompt.hpp"
#include "actors/trader/trader_context.hpp"
#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/model.hpp"
#include "messages/order.hpp"
#include "messages/snapshot.hpp"
#include "runtime/adopt_peer.hpp"
#include "runtime/error_text.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/market_clock.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

namespace tn {

namespace {

/// One decision in progress, carried through the asynchronous steps.
struct decision_run {
  gate_pass trigger;
  market_snapshot snapshot;
  std::string prompt;
  decision_record record;
  size_t pending_queries = 0;
  std::vector<std::string> history_gaps; // candle sets answered short or not at all
};

using run_ptr = std::shared_ptr<decision_run>;

/// 1h bars fetched for the evaluator (EMA50 and its warm-up).
constexpr uint32_t evaluator_bars = 100;

/// How long the journal may take to hand back the model's memory at start;
/// it may still be catching up with a large file.
constexpr auto restore_timeout = std::chrono::minutes{2};

struct trader_counters {
  uint64_t passes = 0;
  uint64_t coalesced = 0; // passes folded into the one waiting
  uint64_t decisions = 0;
  uint64_t by_model = 0;
  uint64_t by_evaluator = 0;
  uint64_t model_failures = 0;
  uint64_t store_errors = 0;
  uint64_t context_missing = 0; // context services that failed or did not answer in time
  uint64_t refused_journal = 0; // passes not decided: the journal could not write
  uint64_t journal_errors = 0;  // decisions the journal did not confirm
};

struct trader_state {
  static inline const char* name = "trader";
  trader_setup setup;
  market_store_actor store;
  gate_actor gate;
  agent_actor agent;
  evaluator_actor evaluator;
  supervisor_actor supervisor;
  journal_actor journal;
  event_log_actor log;
  risk_actor risk;
  position_tracker_actor tracker;
  context_peers context; // regime, macro, derivatives, learner: each optional
  bool busy = false;
  std::vector<gate_pass> waiting; // passes that arrived during the decision, oldest first
  std::string memory;
  // Market time: the passes' times, carried on by the clock's beats while
  // the market is silent; the time of events outside a decision and of the
  // breaker outcomes, which count from when they arrive.
  market_clock market;
  trader_counters counters;
  // The decision waiting for the agent, and its deadline in the clock's
  // time (wall, or replay in a backtest, so a replay sees the same
  // timeouts); unset until the clock's first message after the call.
  run_ptr agent_run;
  std::optional<timestamp> agent_deadline;
  std::optional<timestamp> clock;
};

using trader_ptr = trader_actor::stateful_pointer<trader_state>;

void start(trader_ptr self, gate_pass pass);

timestamp market_now(trader_ptr self) {
  return self->state.market.now().value_or(timestamp{});
}

/// Passes that waited for the same decision, as one: the newest pass, its
/// detail naming every earlier reason, so none is lost from the prompt and
/// the journal.
gate_pass coalesce(std::vector<gate_pass> passes) {
  auto out = std::move(passes.back());
  passes.pop_back();
  if (passes.empty())
    return out;
  std::string separator = "; also ";
  for (auto& p : passes) {
    out.detail += separator + to_string(p.reason) + (p.symbol.empty() ? "" : " " + p.symbol)
                  + ": " + p.detail;
    separator = ", ";
  }
  return out;
}

/// One line per decision for the event log: who decided and what.
std::string summary(const decision_record& rec) {
  auto& d = rec.chosen;
  std::string out = std::string{to_string(d.source)} + " decided on "
                    + to_string(rec.trigger.reason)
                    + (rec.trigger.symbol.empty() ? "" : " " + rec.trigger.symbol) + ":";
  bool any = false;
  for (auto& x : d.decisions)
    if (x.action != trade_action::hold) {
      out += " " + x.symbol + " " + to_string(x.action) + " "
             + std::to_string(static_cast<int>(x.position_pct * 100 + 0.5)) + "%";
      any = true;
    }
  if (!any)
    out += " hold all";
  if (d.validation.whole_rejected)
    return out + " (" + rec.model_outcome + ")";
  out += ", next check in " + std::to_string(d.next_check_seconds) + " s";
  if (d.source == decision_source::evaluator && !rec.model_outcome.empty())
    out += " (" + rec.model_outcome + ")";
  return out;
}

/// Tells the gate when to check again. Only a valid answer of the model
/// replaces its wake conditions; the evaluator's schedule keeps them, and a
/// rejected answer leaves the gate's own schedule as it is.
void schedule(trader_ptr self, timestamp ts, const decision& chosen, bool rejected) {
  auto& st = self->state;
  if (!st.gate || rejected)
    return;
  if (chosen.source == decision_source::model)
    self->send(st.gate, atom::schedule_v, ts, chosen.next_check_seconds, chosen.wake_conditions);
  else
    self->send(st.gate, atom::schedule_v, ts, chosen.next_check_seconds);
}

/// The next pass, if passes waited for the decision that just ended.
void next(trader_ptr self) {
  auto& st = self->state;
  st.busy = false;
  if (!st.waiting.empty())
    start(self, coalesce(std::exchange(st.waiting, {})));
}

/// A decision must not be lost: the journal answers once it is on disk,
/// and a write it could not make is an error the operator hears about.
/// Only a journaled decision is executed: risk gets it with its journal id,
/// from which every order's client id derives.
void journal_decision(trader_ptr self, decision_record rec) {
  auto& st = self->state;
  if (!st.journal)
    return;
  auto ts = rec.chosen.ts;
  auto chosen = rec.chosen;
  self->request(st.journal, st.setup.query_timeout, atom::publish_v, std::move(rec))
    .then([self, chosen](uint64_t decision_id) mutable {
            if (auto& risk = self->state.risk)
              self->send(risk, atom::execute_v, decision_id, std::move(chosen));
          },
          [self, ts](caf::error& err) {
            ++self->state.counters.journal_errors;
            publish_event(self, ts, severity::error,
                          "decision not journaled: "
                            + error_text(err));
          });
}

void finish(trader_ptr self, const run_ptr& run, decision chosen) {
  auto& st = self->state;
  auto ts = run->trigger.ts;
  chosen.ts = ts;
  ++st.counters.decisions;
  ++(chosen.source == decision_source::model ? st.counters.by_model : st.counters.by_evaluator);
  schedule(self, ts, chosen, chosen.validation.whole_rejected);
  if (chosen.source == decision_source::model && !chosen.memory_update.empty())
    st.memory = chosen.memory_update;
  // The journal keeps what a failed model call found and cost: its
  // validation, model, prompt and the tokens the provider billed.
  if (chosen.source == decision_source::evaluator) {
    auto& failed = run->record.chosen;
    chosen.validation = std::move(failed.validation);
    chosen.model = std::move(failed.model);
    chosen.prompt_hash = std::move(failed.prompt_hash);
    chosen.usage = failed.usage;
    chosen.cost_usd = failed.cost_usd;
  }
  run->record.chosen = std::move(chosen);
  publish_event(self, ts, severity::info, summary(run->record));
  journal_decision(self, std::move(run->record));
  next(self);
}

/// Every symbol holds: what is decided when nobody can decide.
decision hold_all(const std::string& why) {
  decision d;
  d.source = decision_source::evaluator;
  d.reasoning = why;
  return d;
}

void evaluate(trader_ptr self, const run_ptr& run, std::string why) {
  auto& st = self->state;
  run->record.model_outcome = std::move(why);
  if (!st.evaluator) {
    finish(self, run, hold_all("the evaluator is not running"));
    return;
  }
  self->request(st.evaluator, st.setup.query_timeout, atom::decide_v, run->snapshot)
    .then([self, run](decision& d) { finish(self, run, std::move(d)); },
          [self, run](caf::error& err) {
            finish(self, run, hold_all("the evaluator failed: " + error_text(err)));
          });
}

/// Tells the breaker how the permitted call went, at the event time the
/// outcome arrived: an open period counts from the failure, not from the
/// decision that started the call.
void report_outcome(trader_ptr self, breaker_outcome outcome, const std::string& why) {
  if (self->state.supervisor)
    self->send(self->state.supervisor, atom::breaker_v, market_now(self), outcome, why);
}

void on_answer(trader_ptr self, const run_ptr& run, agent_answer& answer) {
  auto& rec = run->record;
  rec.backend = answer.backend;
  rec.raw_response = std::move(answer.raw_response);
  rec.latency = answer.latency;
  rec.attempts = answer.attempts;
  switch (answer.status) {
    case agent_status::ok:
      report_outcome(self, breaker_outcome::success, "");
      rec.model_outcome = "ok";
      finish(self, run, std::move(answer.result));
      return;
    case agent_status::rejected:
      // The model answered, wrongly: its decision is to hold everything.
      // The evaluator is for a model that cannot answer, not a bad answer.
      ++self->state.counters.model_failures;
      report_outcome(self, breaker_outcome::failure, "answer rejected: " + answer.error);
      rec.model_outcome = "rejected: " + answer.error;
      finish(self, run, std::move(answer.result));
      return;
    case agent_status::failed:
      ++self->state.counters.model_failures;
      report_outcome(self, breaker_outcome::failure, answer.error);
      rec.chosen = std::move(answer.result);
      evaluate(self, run, "failed: " + answer.error);
      return;
    case agent_status::budget_exhausted:
    case agent_status::no_backend:
    case agent_status::not_cached:
      report_outcome(self, breaker_outcome::untested, to_string(answer.status));
      evaluate(self, run, std::string{to_string(answer.status)} + ": " + answer.error);
      return;
  }
}

void agent_failed(trader_ptr self, const run_ptr& run, const std::string& why) {
  ++self->state.counters.model_failures;
  report_outcome(self, breaker_outcome::failure, why);
  evaluate(self, run, "failed: " + why);
}

/// True once for the call of `run`: its answer, its error or its deadline,
/// whichever comes first; the others find the call settled.
bool settle_agent_call(trader_ptr self, const run_ptr& run) {
  auto& st = self->state;
  if (st.agent_run != run)
    return false;
  st.agent_run = nullptr;
  st.agent_deadline.reset();
  return true;
}

/// The clock's time: a call past its deadline counts as failed.
void agent_deadline_check(trader_ptr self, timestamp now) {
  auto& st = self->state;
  st.clock = std::max(st.clock.value_or(now), now);
  if (!st.agent_run)
    return;
  if (!st.agent_deadline)
    st.agent_deadline = *st.clock + st.setup.agent_deadline;
  if (*st.clock < *st.agent_deadline)
    return;
  auto run = st.agent_run;
  settle_agent_call(self, run);
  agent_failed(self, run,
               "the agent did not answer within " + format_duration(st.setup.agent_deadline));
}

void ask_agent(trader_ptr self, const run_ptr& run, bool probe) {
  auto& st = self->state;
  if (!st.agent) {
    agent_failed(self, run, "the agent is not running");
    return;
  }
  st.agent_run = run;
  st.agent_deadline.reset();
  if (st.clock)
    st.agent_deadline = *st.clock + st.setup.agent_deadline;
  self->request(st.agent, caf::infinite, atom::decide_v,
                agent_request{run->trigger.ts, run->prompt, probe})
    .then(
      [self, run](agent_answer& answer) {
        if (settle_agent_call(self, run)) // else answered after its deadline: the evaluator decided
          on_answer(self, run, answer);
      },
      [self, run](caf::error& err) {
        if (settle_agent_call(self, run))
          agent_failed(self, run, "the agent did not answer: " + error_text(err));
      });
}

/// The snapshot as the model sees it: the last prompt_bars of each set.
std::string prompt_of(const market_snapshot& snap, uint32_t bars) {
  auto shown = snap;
  for (auto& s : shown.symbols)
    for (auto& set : s.candles)
      if (set.bars.size() > bars)
        set.bars.erase(set.bars.begin(),
                       set.bars.end() - static_cast<std::ptrdiff_t>(bars));
  return render_snapshot(shown);
}

/// The open positions as the decision sees them: their gain at the last
/// price (analytics, in doubles).
void value_positions(market_snapshot& snap) {
  for (auto& p : snap.positions)
    for (auto& s : snap.symbols)
      if (s.symbol == p.symbol && s.last_price > 0 && p.entry_price > 0)
        p.pnl_pct = (s.last_price / p.entry_price - 1) * 100;
}

void decide(trader_ptr self, const run_ptr& run) {
  auto& st = self->state;
  value_positions(run->snapshot);
  // A decision on partial history says so, to the model and in the journal.
  std::sort(run->history_gaps.begin(), run->history_gaps.end());
  for (auto& gap : run->history_gaps)
    run->snapshot.history_gaps += (run->snapshot.history_gaps.empty() ? "" : "; ") + gap;
  run->record.history_gaps = run->snapshot.history_gaps;
  run->prompt = prompt_of(run->snapshot, st.setup.cfg.prompt_bars);
  if (!st.setup.model_configured) {
    evaluate(self, run, "no model backend");
    return;
  }
  if (!st.supervisor) {
    evaluate(self, run, "no circuit breaker");
    return;
  }
  self->request(st.supervisor, st.setup.query_timeout, atom::breaker_v, run->trigger.ts)
    .then(
      [self, run](breaker_permit permit) {
        if (permit == breaker_permit::refuse)
          evaluate(self, run, "breaker open");
        else
          ask_agent(self, run, permit == breaker_permit::probe);
      },
      [self, run](caf::error& err) {
        evaluate(self, run, "breaker unavailable: " + error_text(err));
      });
}

void query_done(trader_ptr self, const run_ptr& run) {
  if (--run->pending_queries == 0)
    decide(self, run);
}

/// Asks the store for every symbol's candles; decides once all answered.
void gather(trader_ptr self, const run_ptr& run) {
  auto& st = self->state;
  auto& snap = run->snapshot;
  snap.ts = run->trigger.ts;
  snap.trigger = run->trigger;
  snap.memory = st.memory;
  snap.safety = st.setup.cfg.safety;
  for (auto& symbol : st.setup.symbols) {
    symbol_snapshot s;
    s.symbol = symbol;
    for (auto span : st.setup.cfg.prompt_intervals)
      s.candles.push_back(candle_set{span, {}});
    snap.symbols.push_back(std::move(s));
  }
  // The market context: whatever of it answers in time.
  run->pending_queries += ask_context(
    self, st.context, st.setup.query_timeout,
    std::shared_ptr<market_snapshot>{run, &run->snapshot}, [self, run](bool answered) {
      if (!answered)
        ++self->state.counters.context_missing;
      query_done(self, run);
    });
  if (st.tracker) {
    ++run->pending_queries;
    self->request(st.tracker, st.setup.query_timeout, atom::positions_v)
      .then(
        [self, run](std::vector<position>& xs) {
          for (auto& x : xs)
            run->snapshot.positions.push_back(
              {x.symbol, to_double(x.quantity), to_double(x.entry_price), 0, x.opened});
          query_done(self, run);
        },
        [self, run](caf::error& err) {
          run->history_gaps.push_back("open positions: unavailable (" + error_text(err) + ")");
          query_done(self, run);
        });
  }
  if (!st.store) {
    publish_event(self, snap.ts, severity::warning, "no market store: deciding without candles");
    if (run->pending_queries == 0)
      decide(self, run);
    return;
  }
  auto on_error = [self, run](caf::error&) {
    ++self->state.counters.store_errors;
    query_done(self, run);
  };
  auto shown = st.setup.cfg.prompt_bars;
  for (size_t i = 0; i < snap.symbols.size(); ++i) {
    auto& symbol = snap.symbols[i].symbol;
    for (size_t j = 0; j < snap.symbols[i].candles.size(); ++j) {
      ++run->pending_queries;
      auto span = snap.symbols[i].candles[j].span;
      auto what = symbol + " " + to_string(span);
      // The evaluator's trend needs more 1h bars than the prompt shows.
      auto count = span == interval::h1 ? std::max(shown, evaluator_bars) : shown;
      self->request(st.store, st.setup.query_timeout, atom::candles_v, symbol, span, count,
                    snap.ts)
        .then(
          [self, run, i, j, what, shown](std::vector<candle>& bars) {
            if (bars.size() < shown)
              run->history_gaps.push_back(what + ": " + std::to_string(bars.size()) + " of "
                                          + std::to_string(shown) + " bars");
            run->snapshot.symbols[i].candles[j].bars = std::move(bars);
            query_done(self, run);
          },
          [self, run, what](caf::error&) {
            ++self->state.counters.store_errors;
            run->history_gaps.push_back(what + ": unavailable");
            query_done(self, run);
          });
    }
    // The last price: the latest tick, not the last closed minute.
    ++run->pending_queries;
    self->request(st.store, st.setup.query_timeout, atom::price_v, symbol)
      .then(
        [self, run, i](double price) {
          run->snapshot.symbols[i].last_price = price;
          query_done(self, run);
        },
        on_error);
  }
}

/// No decision on this pass: one that could not be journaled must not be
/// made. The gate's next pass tries again.
void refuse(trader_ptr self, const run_ptr& run, const std::string& why) {
  ++self->state.counters.refused_journal;
  publish_event(self, run->trigger.ts, severity::warning,
                "no decision on " + std::string{to_string(run->trigger.reason)} + ": " + why
                  + "; decisions resume once it can write");
  next(self);
}

void start(trader_ptr self, gate_pass pass) {
  auto& st = self->state;
  st.busy = true;
  auto run = std::make_shared<decision_run>();
  run->trigger = std::move(pass);
  run->record.trigger = run->trigger;
  if (!st.journal) {
    gather(self, run);
    return;
  }
  self->request(st.journal, st.setup.query_timeout, atom::health_v)
    .then(
      [self, run](bool writable, std::string& why) {
        if (writable)
          gather(self, run);
        else
          refuse(self, run, "the journal cannot write (" + why + ")");
      },
      [self, run](caf::error& err) {
        refuse(self, run, "the journal does not answer (" + error_text(err) + ")");
      });
}

status_report report(trader_ptr self) {
  auto& c = self->state.counters;
  auto r = counters_report(trader_state::name, {{"passes", c.passes},
                                                {"coalesced", c.coalesced},
                                                {"decisions", c.decisions},
                                                {"decisions.model", c.by_model},
                                                {"decisions.evaluator", c.by_evaluator},
                                                {"model_failures", c.model_failures},
                                                {"store_errors", c.store_errors},
                                                {"context_missing", c.context_missing},
                                                {"refused_journal", c.refused_journal},
                                                {"journal_errors", c.journal_errors}});
  r.facts["busy"] = self->state.busy ? "yes" : "no";
  r.facts["memory_chars"] = std::to_string(self->state.memory.size());
  return r;
}

/// The model's memory survives a restart: the journal has its last note,
/// however many decisions ago. A decision made meanwhile wrote a newer one.
void restore_memory(trader_ptr self) {
  self->request(self->state.journal, restore_timeout, atom::memory_v)
    .then(
      [self](std::string& note) {
        auto& st = self->state;
        if (st.memory.empty())
          st.memory = std::move(note);
      },
      [self](caf::error& err) {
        publish_event(self, market_now(self), severity::warning,
                      "cannot restore the model's memory from the journal ("
                        + error_text(err) + "); the next prompt has none");
      });
}

trader_actor::behavior_type trader_behavior(trader_ptr self, trader_setup setup) {
  self->state.setup = std::move(setup);
  return {
    [self](atom::time, timestamp now) {
      self->state.market.on_beat(now);
      agent_deadline_check(self, now);
    },
    [self](atom::pass, gate_pass& pass) {
      auto& st = self->state;
      st.market.on_data(pass.ts);
      ++st.counters.passes;
      if (!st.busy) {
        start(self, std::move(pass));
        return;
      }
      // The decision in progress saw the market just now; one more after
      // it covers whatever else happened meanwhile.
      if (!st.waiting.empty())
        ++st.counters.coalesced;
      st.waiting.push_back(std::move(pass));
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (name == "journal" && !st.journal) {
        st.journal = caf::actor_cast<journal_actor>(hdl);
        restore_memory(self);
        return;
      }
      static_cast<void>(
        st.context.adopt(name, hdl) || adopt_peer(name, "market_store", hdl, st.store) || adopt_peer(name, "gate", hdl, st.gate)
        || adopt_peer(name, "agent", hdl, st.agent)
        || adopt_peer(name, "evaluator", hdl, st.evaluator)
        || adopt_peer(name, "supervisor", hdl, st.supervisor)
        || adopt_peer(name, "journal", hdl, st.journal)
        || adopt_peer(name, "event_log", hdl, st.log) || adopt_peer(name, "risk", hdl, st.risk)
        || adopt_peer(name, "position_tracker", hdl, st.tracker));
    },
    [self](atom::status) { return report(self); },
  };
}

} // namespace

trader_actor spawn_trader(caf::actor_system& sys, trader_setup setup) {
  return sys.spawn(trader_behavior, std::move(setup));
}

caf::expected<caf::actor> spawn_trader(service_context& ctx) {
  trader_setup setup;
  setup.symbols = ctx.cfg.market.symbols;
  setup.cfg = ctx.cfg.section<trader_config>();
  auto& agent = ctx.cfg.section<agent_config>();
  setup.model_configured = model_decides(agent, ctx.cfg.node.mode == run_mode::backtest);
  // Every attempt may take the whole timeout, and each retry may wait up to
  // a minute for the server's retry-after.
  auto attempts = static_cast<int64_t>(agent.max_retries) + 1;
  setup.agent_deadline = agent.timeout * attempts
                         + std::chrono::seconds{60} * (attempts - 1) + std::chrono::seconds{30};
  return caf::actor_cast<caf::actor>(spawn_trader(ctx.sys, std::move(setup)));
}

} // namespace tn
