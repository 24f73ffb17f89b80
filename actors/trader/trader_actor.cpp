#include "actors/trader/trader_actor.hpp"

#include "actors/agent/agent_config.hpp"
#include "actors/trader/decision_steps.hpp"
#include "actors/trader/trader_state.hpp"
#include "messages/events.hpp"
#include "runtime/adopt_peer.hpp"
#include "runtime/error_text.hpp"
#include "runtime/service_events.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <memory>
#include <utility>
#include <vector>

namespace tn {

namespace trader_shell {

namespace {

/// How long the journal may take to hand back the model's memory at start;
/// it may still be catching up with a large file.
constexpr auto restore_timeout = std::chrono::minutes{2};

/// No decision on this pass: one that could not be journaled must not be
/// made. The gate's next pass tries again.
void refuse(trader_ptr self, const run_ptr& run, const std::string& why) {
  ++self->state.counters.refused_journal;
  publish_event(self, run->trigger.ts, severity::warning,
                "no decision on " + std::string{to_string(run->trigger.reason)} + ": " + why
                  + "; decisions resume once it can write");
  next(self);
}

/// A decision on `pass`, once the journal says it can write.
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
        st.context.adopt(name, hdl) || adopt_peer(name, "market_store", hdl, st.store)
        || adopt_peer(name, "gate", hdl, st.gate) || adopt_peer(name, "agent", hdl, st.agent)
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

void next(trader_ptr self) {
  auto& st = self->state;
  st.busy = false;
  if (!st.waiting.empty())
    start(self, coalesce(std::exchange(st.waiting, {})));
}

} // namespace trader_shell

trader_actor spawn_trader(caf::actor_system& sys, trader_setup setup) {
  return sys.spawn(trader_shell::trader_behavior, std::move(setup));
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
