#include "actors/trader/trader_actor.hpp"

#include "actors/trader/prompt.hpp"
#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/model.hpp"
#include "messages/snapshot.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/service_events.hpp"
#include "runtime/status_counters.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <memory>
#include <optional>

namespace tn {

namespace {

/// One decision in progress, carried through the asynchronous steps.
struct decision_run {
  gate_pass trigger;
  market_snapshot snapshot;
  std::string prompt;
  decision_record record;
  size_t pending_queries = 0;
};

using run_ptr = std::shared_ptr<decision_run>;

/// 1h bars fetched for the evaluator (EMA50 and its warm-up).
constexpr uint32_t evaluator_bars = 100;

/// Decisions searched for the model's last memory at start.
constexpr uint32_t memory_lookback = 200;

struct trader_counters {
  uint64_t passes = 0;
  uint64_t coalesced = 0; // passes folded into the one waiting
  uint64_t decisions = 0;
  uint64_t by_model = 0;
  uint64_t by_evaluator = 0;
  uint64_t model_failures = 0;
  uint64_t store_errors = 0;
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
  bool busy = false;
  std::optional<gate_pass> waiting;
  std::string memory;
  timestamp now; // the latest event time seen, for events outside a decision
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
  out += ", next check in " + std::to_string(d.next_check_seconds) + " s";
  if (d.source == decision_source::evaluator && !rec.model_outcome.empty())
    out += " (" + rec.model_outcome + ")";
  return out;
}

void finish(trader_ptr self, const run_ptr& run, decision chosen) {
  auto& st = self->state;
  auto ts = run->trigger.ts;
  chosen.ts = ts;
  ++st.counters.decisions;
  ++(chosen.source == decision_source::model ? st.counters.by_model : st.counters.by_evaluator);
  if (st.gate)
    self->send(st.gate, atom::schedule_v, ts, chosen.next_check_seconds, chosen.wake_conditions);
  if (chosen.source == decision_source::model && !chosen.memory_update.empty())
    st.memory = chosen.memory_update;
  // The journal keeps what the validation found in a failed model answer.
  if (chosen.source == decision_source::evaluator)
    chosen.validation = std::move(run->record.chosen.validation);
  run->record.chosen = std::move(chosen);
  publish_event(self, ts, severity::info, summary(run->record));
  if (st.journal)
    self->send(st.journal, atom::publish_v, std::move(run->record));
  st.busy = false;
  if (st.waiting) {
    auto next = std::move(*st.waiting);
    st.waiting.reset();
    start(self, std::move(next));
  }
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
            finish(self, run, hold_all("the evaluator failed: " + self->system().render(err)));
          });
}

void report_outcome(trader_ptr self, timestamp ts, bool ok, const std::string& why) {
  if (self->state.supervisor)
    self->send(self->state.supervisor, atom::breaker_v, ts, ok, why);
}

void agent_failed(trader_ptr self, const run_ptr& run, const std::string& why) {
  ++self->state.counters.model_failures;
  report_outcome(self, run->trigger.ts, false, why);
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
  auto ts = run->trigger.ts;
  if (!st.agent) {
    agent_failed(self, run, "the agent is not running");
    return;
  }
  st.agent_run = run;
  st.agent_deadline.reset();
  if (st.clock)
    st.agent_deadline = *st.clock + st.setup.agent_deadline;
  self->request(st.agent, caf::infinite, atom::decide_v, agent_request{ts, run->prompt, probe})
    .then(
      [self, run, ts](agent_answer& answer) {
        if (!settle_agent_call(self, run))
          return; // answered after its deadline: the evaluator decided
        auto& rec = run->record;
        rec.backend = answer.backend;
        rec.raw_response = std::move(answer.raw_response);
        rec.latency = answer.latency;
        rec.attempts = answer.attempts;
        switch (answer.status) {
          case agent_status::ok:
            report_outcome(self, ts, true, "");
            rec.model_outcome = "ok";
            finish(self, run, std::move(answer.result));
            return;
          case agent_status::failed:
            ++self->state.counters.model_failures;
            report_outcome(self, ts, false, answer.error);
            rec.chosen.validation = std::move(answer.result.validation);
            evaluate(self, run, "failed: " + answer.error);
            return;
          case agent_status::budget_exhausted:
          case agent_status::no_backend:
            evaluate(self, run, std::string{to_string(answer.status)} + ": " + answer.error);
            return;
        }
      },
      [self, run](caf::error& err) {
        if (settle_agent_call(self, run))
          agent_failed(self, run, "the agent did not answer: " + self->system().render(err));
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

void decide(trader_ptr self, const run_ptr& run) {
  auto& st = self->state;
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
        evaluate(self, run, "breaker unavailable: " + self->system().render(err));
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
  if (!st.store) {
    publish_event(self, snap.ts, severity::warning, "no market store: deciding without candles");
    decide(self, run);
    return;
  }
  auto on_error = [self, run](caf::error&) {
    ++self->state.counters.store_errors;
    query_done(self, run);
  };
  for (size_t i = 0; i < snap.symbols.size(); ++i) {
    auto& symbol = snap.symbols[i].symbol;
    for (size_t j = 0; j < snap.symbols[i].candles.size(); ++j) {
      ++run->pending_queries;
      auto span = snap.symbols[i].candles[j].span;
      // The evaluator's trend needs more 1h bars than the prompt shows.
      auto count = span == interval::h1 ? std::max(st.setup.cfg.prompt_bars, evaluator_bars)
                                        : st.setup.cfg.prompt_bars;
      self->request(st.store, st.setup.query_timeout, atom::candles_v, symbol, span, count)
        .then(
          [self, run, i, j](std::vector<candle>& bars) {
            run->snapshot.symbols[i].candles[j].bars = std::move(bars);
            query_done(self, run);
          },
          on_error);
    }
    // The last price: the newest closed minute.
    ++run->pending_queries;
    self->request(st.store, st.setup.query_timeout, atom::candles_v, symbol, interval::m1,
                  uint32_t{1})
      .then(
        [self, run, i](std::vector<candle>& bars) {
          if (!bars.empty())
            run->snapshot.symbols[i].last_price = bars.back().close;
          query_done(self, run);
        },
        on_error);
  }
}

void start(trader_ptr self, gate_pass pass) {
  auto& st = self->state;
  st.busy = true;
  auto run = std::make_shared<decision_run>();
  run->trigger = std::move(pass);
  run->record.trigger = run->trigger;
  gather(self, run);
}

status_report report(trader_ptr self) {
  auto& c = self->state.counters;
  auto r = counters_report(trader_state::name, {{"passes", c.passes},
                                                {"coalesced", c.coalesced},
                                                {"decisions", c.decisions},
                                                {"decisions.model", c.by_model},
                                                {"decisions.evaluator", c.by_evaluator},
                                                {"model_failures", c.model_failures},
                                                {"store_errors", c.store_errors}});
  r.facts["busy"] = self->state.busy ? "yes" : "no";
  r.facts["memory_chars"] = std::to_string(self->state.memory.size());
  return r;
}

/// The model's memory survives a restart: the journal has its last note.
void restore_memory(trader_ptr self) {
  self->request(self->state.journal, self->state.setup.query_timeout, atom::decisions_v,
                memory_lookback)
    .then(
      [self](std::vector<decision_record>& rows) {
        auto& st = self->state;
        for (auto i = rows.rbegin(); i != rows.rend() && st.memory.empty(); ++i)
          if (i->chosen.source == decision_source::model && !i->chosen.memory_update.empty())
            st.memory = i->chosen.memory_update;
      },
      [self](caf::error& err) {
        publish_event(self, self->state.now, severity::warning,
                      "cannot restore the model's memory: " + self->system().render(err));
      });
}

template <class Handle>
bool adopt(const std::string& name, const char* expected, const caf::strong_actor_ptr& hdl,
           Handle& slot) {
  if (name != expected)
    return false;
  slot = caf::actor_cast<Handle>(hdl);
  return true;
}

trader_actor::behavior_type trader_behavior(trader_ptr self, trader_setup setup) {
  self->state.setup = std::move(setup);
  return {
    [self](atom::time, timestamp now) {
      self->state.now = std::max(self->state.now, now);
      agent_deadline_check(self, now);
    },
    [self](atom::pass, gate_pass& pass) {
      auto& st = self->state;
      st.now = std::max(st.now, pass.ts);
      ++st.counters.passes;
      if (!st.busy) {
        start(self, std::move(pass));
        return;
      }
      // The decision in progress saw the market just now; one more after
      // it covers whatever else happened meanwhile.
      if (st.waiting)
        ++st.counters.coalesced;
      st.waiting = std::move(pass);
    },
    [self](atom::announce, const std::string& name, const caf::strong_actor_ptr& hdl) {
      auto& st = self->state;
      if (name == "journal" && !st.journal) {
        st.journal = caf::actor_cast<journal_actor>(hdl);
        restore_memory(self);
        return;
      }
      static_cast<void>(
        adopt(name, "market_store", hdl, st.store) || adopt(name, "gate", hdl, st.gate)
        || adopt(name, "agent", hdl, st.agent) || adopt(name, "evaluator", hdl, st.evaluator)
        || adopt(name, "supervisor", hdl, st.supervisor)
        || adopt(name, "journal", hdl, st.journal) || adopt(name, "event_log", hdl, st.log));
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
  setup.cfg = ctx.cfg.trader;
  setup.model_configured = ctx.cfg.agent.backend != agent_backend::none;
  // Every attempt may take the whole timeout, and each retry may wait up to
  // a minute for the server's retry-after.
  auto attempts = static_cast<int64_t>(ctx.cfg.agent.max_retries) + 1;
  setup.agent_deadline = ctx.cfg.agent.timeout * attempts
                         + std::chrono::seconds{60} * (attempts - 1) + std::chrono::seconds{30};
  return caf::actor_cast<caf::actor>(spawn_trader(ctx.sys, std::move(setup)));
}

} // namespace tn
