#pragma once

// Every atom the node uses, in one place. An atom holds at most 10 characters.

#include <caf/atom.hpp>

namespace tn::atom {

#define TN_ATOM(name, text)                                                    \
  using name = caf::atom_constant<caf::atom(text)>;                            \
  constexpr auto name##_v = name::value;

TN_ATOM(candles, "candles")     // query: closed candles of one symbol/interval
TN_ATOM(symbols, "symbols")     // query: symbols a service knows
TN_ATOM(status, "status")       // query: a service's status_report
TN_ATOM(time, "time")           // time passes (wall or replay time)
TN_ATOM(subscribe, "subscribe") // register a subscriber
TN_ATOM(publish, "publish")     // an event for the event log
TN_ATOM(events, "events")       // query: events of a topic
TN_ATOM(announce, "announce")   // a service's (new) handle
TN_ATOM(lookup, "lookup")       // query: a service's current handle
TN_ATOM(connect, "connect")     // (re)open a connection
TN_ATOM(ws_open, "ws_open")     // a WebSocket connection is up
TN_ATOM(ws_closed, "ws_closed") // a WebSocket connection went down
TN_ATOM(frame, "frame")         // a raw frame that failed to parse
TN_ATOM(gap_fill, "gap_fill")   // REST klines answering a gap-fill request
TN_ATOM(warmup, "warmup")       // REST klines answering a warm-up request
TN_ATOM(restart, "restart")     // restart a service
TN_ATOM(crash, "crash")         // make a service fail (tests, console)
TN_ATOM(beat, "beat")           // heartbeat / progress timer
TN_ATOM(stop, "stop")           // stop the node
TN_ATOM(flush, "flush")         // query: answered once earlier writes are committed
TN_ATOM(actors, "actors")       // query: the supervised services, one row each
TN_ATOM(version, "version")     // query: the node's version (console)
TN_ATOM(decide, "decide")       // request: a decision (agent, evaluator)
TN_ATOM(schedule, "schedule")   // the last decision's next check and wake conditions (gate)
TN_ATOM(breaker, "breaker")     // the LLM circuit breaker: permit, outcome, status
TN_ATOM(reply, "reply")         // a backend's answer arriving at the agent
TN_ATOM(decisions, "decisions") // query: the last decisions (journal)
TN_ATOM(pass, "pass")           // a gate pass (or a forced decision) for the trader
TN_ATOM(spent, "spent")         // query: model spend of the newest decision day (journal)
TN_ATOM(memory, "memory")       // query: the model's last memory note (journal)
TN_ATOM(price, "price")         // query: a symbol's latest price (market store)
TN_ATOM(health, "health")       // query: can the journal write?
TN_ATOM(epoch, "epoch")         // query: the journal's client id epoch

TN_ATOM(order, "order")         // place an order (broker) / journal its intent first
TN_ATOM(cancel, "cancel")       // cancel an order by client id (broker)
TN_ATOM(balance, "balance")     // query: the account (broker)
TN_ATOM(execute, "execute")     // a journaled decision for risk to turn into orders
TN_ATOM(exit, "exit")           // close or reduce a position (tracker)
TN_ATOM(positions, "positions") // query: open positions
TN_ATOM(orders, "orders")       // query: orders (journal, console)
TN_ATOM(pause, "pause")         // stop new entries (console)
TN_ATOM(resume, "resume")       // allow new entries again (console)
TN_ATOM(flatten, "flatten")     // close every position (console, kill switch)
TN_ATOM(reset, "reset")         // reset the kill switch (console)
TN_ATOM(rules, "rules")         // the exchange's trading rules (exchangeInfo) for risk
TN_ATOM(restore, "restore")     // query: the journaled state to restore at start
TN_ATOM(learner, "learner")     // query: the learner's state (journal restore, console report)
TN_ATOM(weights, "weights")     // query: the learner's sampled signal weights
TN_ATOM(regimes, "regimes")     // the current crypto and macro regimes, for the learner
TN_ATOM(entry, "entry")         // query: a closed trade's entry decision (journal)
TN_ATOM(macro, "macro")         // the macro regime: query, and FRED answers arriving
TN_ATOM(reconcile, "reconcile") // the exchange's holdings: reconcile the positions with them

TN_ATOM(derivs, "derivs")       // query: every symbol's derivatives snapshot
TN_ATOM(fetched, "fetched")     // a REST answer arriving at the derivatives monitor

TN_ATOM(regime, "regime")       // query: the crypto regime (regime detector, console)
TN_ATOM(fitted, "fitted")       // a background model fit's result (regime detector)

#undef TN_ATOM

} // namespace tn::atom
