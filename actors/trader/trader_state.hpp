#pragma once

// The trader's actor state and the functions its shell is made of, one job
// per file: trader_actor.cpp (the behavior: passes in and queued, peers,
// the journal's health before a decision, the memory restored),
// trader_snapshot.cpp (the snapshot gathered from the store, the tracker
// and the context peers), trader_model.cpp (who decides: the breaker, the
// agent call with the prompt rendered for it and its deadline, the
// evaluator in its place),
// trader_outcome.cpp (the decision's outcome: the gate's schedule, the
// memory, the journal, then risk executes) and trader_status.cpp (the
// status report). The steps that need no actor are decision_steps.hpp.
// Only the trader's own files include it.

#include "actors/trader/trader_actor.hpp"
#include "actors/trader/trader_context.hpp"
#include "messages/decision.hpp"
#include "messages/gate.hpp"
#include "messages/snapshot.hpp"
#include "runtime/market_clock.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tn::trader_shell {

/// One decision in progress, carried through the asynchronous steps.
struct decision_run {
  gate_pass trigger;
  market_snapshot snapshot;
  std::string prompt; // rendered when the agent is asked
  decision_record record;
  size_t pending_queries = 0;
  std::vector<std::string> history_gaps; // candle sets answered short or not at all
};

using run_ptr = std::shared_ptr<decision_run>;

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

inline timestamp market_now(trader_ptr self) {
  return self->state.market.now().value_or(timestamp{});
}

// -- trader_actor.cpp: passes ------------------------------------------------------

/// The next pass, if passes waited for the decision that just ended.
void next(trader_ptr self);

// -- trader_snapshot.cpp: the snapshot ---------------------------------------------

/// Asks the store for every symbol's candles and last price, the tracker
/// for the open positions and the context peers for their parts; once all
/// answered (or failed), completes the snapshot and decides.
void gather(trader_ptr self, const run_ptr& run);

// -- trader_model.cpp: who decides -------------------------------------------------

/// The model if configured and the breaker permits, else the evaluator.
void decide(trader_ptr self, const run_ptr& run);

/// The clock's time: a call past its deadline counts as failed.
void agent_deadline_check(trader_ptr self, timestamp now);

// -- trader_outcome.cpp: what is done with the decision ----------------------------

/// The decision of `run` is `chosen`: the gate gets its schedule, the
/// memory its update, the journal the record, and risk the journaled
/// decision; then the next pass runs.
void finish(trader_ptr self, const run_ptr& run, decision chosen);

// -- trader_status.cpp -------------------------------------------------------------

status_report report(trader_ptr self);

} // namespace tn::trader_shell
