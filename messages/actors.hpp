#pragma once

// Every actor interface of the node, in one header. A service's interface is
// its own handlers plus the shared SERVICE protocol. This header names the
// typed handles without including <caf/typed_actor.hpp>; the actor shells
// that spawn or message them include it.

#include "messages/atoms.hpp"
#include "messages/fwd.hpp"

#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>

#include <string>
#include <vector>

namespace tn {

enum class interval : uint8_t;
enum class derivs_query : uint8_t;
struct derivatives_snapshot;

/// Composes typed interfaces without instantiating caf::typed_actor.
template <class... Fs>
struct typed_actor_fwd {
  template <class Handle>
  struct extend_with_helper;
  template <class... Gs>
  struct extend_with_helper<caf::typed_actor<Gs...>> {
    using type = typed_actor_fwd<Fs..., Gs...>;
  };
  /// Adds every handler of another interface.
  template <class Handle>
  using extend_with = typename extend_with_helper<Handle>::type;
  /// The resulting handle type.
  using unwrap = caf::typed_actor<Fs...>;
};

// -- shared protocols ----------------------------------------------------------

/// The SERVICE protocol every supervised actor speaks.
using service_actor = typed_actor_fwd<
  // A peer's handle under its service name; sent at start and again after
  // the peer was restarted, so nobody keeps a stale handle.
  caf::reacts_to<atom::announce, std::string, caf::strong_actor_ptr>,
  // Counters and facts for the console and the progress line.
  caf::replies_to<atom::status>::with<status_report>>::unwrap;

/// Receives time from the clock service (wall time live, replay time in backtest).
using time_listener_actor = typed_actor_fwd<
  caf::reacts_to<atom::time, timestamp>>::unwrap;

/// Receives the progress of orders from the broker.
using execution_sink_actor = typed_actor_fwd<
  caf::reacts_to<order_update>,
  caf::reacts_to<fill>>::unwrap;

/// Receives market data from the market listener.
using market_data_sink_actor = typed_actor_fwd<
  caf::reacts_to<tick_batch>>::unwrap;

/// Receives the gate's passes besides the trader (the derivatives monitor
/// polls faster for a symbol the gate is hot for).
using gate_pass_sink_actor = typed_actor_fwd<
  caf::reacts_to<atom::pass, gate_pass>>::unwrap;

/// Receives every closed position from the position tracker, once each
/// (risk for the daily PnL, the learner for its trades).
using position_exit_sink_actor = typed_actor_fwd<
  caf::reacts_to<position_exit>>::unwrap;

// -- kernel services -------------------------------------------------------------

/// The EVENT LOG: keeps the last events of every topic.
using event_log_actor = typed_actor_fwd<
  // Records an event.
  caf::reacts_to<atom::publish, event>,
  // The kept events of one topic, oldest first; "" for every topic.
  caf::replies_to<atom::events, std::string>::with<std::vector<event>>>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// The JOURNAL: the node's SQLite database; the only actor that writes it.
/// Of the market data it receives, it keeps the closed candles.
using journal_actor = typed_actor_fwd<
  // Persists an event.
  caf::reacts_to<atom::publish, event>,
  // Persists a decision with its trigger, the model's raw answer and cost;
  // answers once it is committed and synced with the decision's journal id
  // (unique for the journal's life), or with the error that lost it.
  caf::replies_to<atom::publish, decision_record>::with<uint64_t>,
  // The last `count` decisions, oldest first.
  caf::replies_to<atom::decisions, uint32_t>::with<std::vector<decision_record>>,
  // The newest decision's time and the model spend booked on its UTC day.
  caf::replies_to<atom::spent>::with<timestamp, double>,
  // The model's newest memory note ("" if it never left one).
  caf::replies_to<atom::memory>::with<std::string>,
  // Keeps the gate's schedule, replacing the one kept before.
  caf::reacts_to<atom::publish, gate_schedule>,
  // The gate's kept schedule: none or one.
  caf::replies_to<atom::schedule>::with<std::vector<gate_schedule>>,
  // Answers once everything received before is committed: the rows
  // (events, new candles and decisions) written since start; an error when
  // a write failed since the last flush.
  caf::replies_to<atom::flush>::with<uint64_t>,
  // Whether the journal can write now, and if not, why. A journal that
  // cannot write takes no new decisions: the trader asks before each one.
  caf::replies_to<atom::health>::with<bool, std::string>,
  // The journal's client id epoch: a random token made once when the
  // journal was created; every client order id carries it, so ids of a
  // fresh journal never meet an earlier journal's at the exchange.
  caf::replies_to<atom::epoch>::with<std::string>,
  // -- execution: write-ahead orders and recovery. Each `with<uint64_t>`
  // answers once the write is committed and synced, or with the error that
  // lost it.
  // An order's intent, journaled before the order is sent: 1 when
  // journaled now; 0 when this client id was journaled before (the earlier
  // intent stays, and the order may have been sent).
  caf::replies_to<atom::order, order_request>::with<uint64_t>,
  // An order's new state: 1 when recorded; 0 when the order already had a
  // final state (which stays). Refused with ec::invalid_argument for a
  // client id without a journaled intent.
  caf::replies_to<atom::publish, order_update>::with<uint64_t>,
  // A fill: 1 when new; 0 when this symbol's trade id was journaled before.
  caf::replies_to<atom::publish, fill>::with<uint64_t>,
  // An open position as the tracker holds it now (best price, trailing
  // armed), replacing its previous row; quantity zero closes it. 1.
  caf::replies_to<atom::publish, position>::with<uint64_t>,
  // A closed position: 1 when new; 0 when its exit was journaled before.
  caf::replies_to<atom::publish, position_exit>::with<uint64_t>,
  // Risk's verdict on one symbol of a decision.
  caf::reacts_to<atom::publish, risk_verdict>,
  // The account's balances, replacing all journaled before: how many.
  caf::replies_to<atom::publish, std::vector<asset_balance>>::with<uint64_t>,
  // One step of the paper exchange: its fills, the orders' new states and
  // the balances after them, committed together in one transaction (a
  // crash keeps all or none): how many fills and states it recorded.
  caf::replies_to<atom::publish, std::vector<fill>, std::vector<order_update>,
                  std::vector<asset_balance>>::with<uint64_t>,
  // One step's funding payments (paper futures) and the balances after
  // them, in one synced transaction: how many payments were new (a symbol's
  // funding time is kept once).
  caf::replies_to<atom::publish, std::vector<funding_payment>,
                  std::vector<asset_balance>>::with<uint64_t>,
  // What the execution services restore at start: orders not final, open
  // positions, balances, the last trading day's PnL and fees.
  caf::replies_to<atom::restore>::with<execution_journal>,
  // The last `count` orders journaled, oldest first (console).
  caf::replies_to<atom::orders, uint32_t>::with<std::vector<journaled_order>>,
  // -- the learner.
  // The action and signals of a symbol in the decision with this journal id.
  caf::replies_to<atom::entry, uint64_t, std::string>::with<learner_entry>,
  // An applied trade and what it adds to the posteriors, in one synced
  // transaction: 1 when new; 0 when this position's trade was kept before.
  caf::replies_to<atom::publish, learner_update>::with<uint64_t>,
  // The learner's posteriors and trades, and the exits it has not learned.
  caf::replies_to<atom::learner>::with<learner_journal>>
  ::extend_with<market_data_sink_actor>
  ::extend_with<service_actor>::unwrap;

/// The CLOCK: sends time to its listeners once per period.
using clock_actor = typed_actor_fwd<
  // Its own timer: read the clock and send the time.
  caf::reacts_to<atom::beat>>
  ::extend_with<service_actor>::unwrap;

/// The WATCHDOG: notices when market data stops arriving.
using watchdog_actor = typed_actor_fwd<>
  ::extend_with<time_listener_actor>
  ::extend_with<market_data_sink_actor>
  ::extend_with<service_actor>::unwrap;

/// The HEARTBEAT: writes a file for container health checks.
using heartbeat_actor = typed_actor_fwd<>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// The SUPERVISOR: starts, watches and restarts every service.
using supervisor_actor = typed_actor_fwd<
  // The current handle of a running service (null if not running).
  caf::replies_to<atom::lookup, std::string>::with<caf::strong_actor_ptr>,
  // Status of every running service.
  caf::replies_to<atom::status>::with<std::vector<status_report>>,
  // One row per service, in start order.
  caf::replies_to<atom::actors>::with<std::vector<service_row>>,
  // Restarts a service (console), as if it had failed: true if it was up,
  // false if it is not running; ec::missing_service for an unknown name.
  caf::replies_to<atom::restart, std::string>::with<bool>,
  // Its own timer: start a service whose backoff elapsed.
  caf::reacts_to<atom::restart, std::string, uint64_t>,
  // Stops every service in reverse start order, then itself.
  caf::reacts_to<atom::stop>,
  // The LLM circuit breaker: may the model be called at event time ts?
  caf::replies_to<atom::breaker, timestamp>::with<breaker_permit>,
  // The outcome of a permitted call, arrived at event time ts, and why it
  // failed.
  caf::reacts_to<atom::breaker, timestamp, breaker_outcome, std::string>,
  // The breaker's state.
  caf::replies_to<atom::breaker>::with<breaker_status>>
  ::extend_with<time_listener_actor>::unwrap;

/// The CONSOLE: the node's remote control, published through the middleman
/// for tradectl. Every request carries the access token first; with a token
/// configured, a wrong one is refused with ec::access_denied.
using console_actor = typed_actor_fwd<
  // The node's version; tradectl asks it first.
  caf::replies_to<atom::version, std::string>::with<std::string>,
  // Status of the supervisor and every running service.
  caf::replies_to<atom::status, std::string>::with<std::vector<status_report>>,
  // One row per supervised service.
  caf::replies_to<atom::actors, std::string>::with<std::vector<service_row>>,
  // The last `count` events of a topic ("" for every topic), oldest first.
  caf::replies_to<atom::events, std::string, std::string, uint32_t>::with<std::vector<event>>,
  // Restarts a service, as the supervisor's restart request.
  caf::replies_to<atom::restart, std::string, std::string>::with<bool>,
  // Stops the node as SIGTERM does; true once the stop was requested.
  caf::replies_to<atom::stop, std::string>::with<bool>,
  // The last `count` decisions from the journal, oldest first.
  caf::replies_to<atom::decisions, std::string, uint32_t>::with<std::vector<decision_record>>,
  // The LLM circuit breaker's state, from the supervisor.
  caf::replies_to<atom::breaker, std::string>::with<breaker_status>,
  // The open positions, from the position tracker.
  caf::replies_to<atom::positions, std::string>::with<std::vector<position>>,
  // The account, from the broker.
  caf::replies_to<atom::balance, std::string>::with<account_state>,
  // The last `count` orders from the journal, oldest first.
  caf::replies_to<atom::orders, std::string, uint32_t>::with<std::vector<journaled_order>>,
  // Risk controls: stop and allow new entries, close every position (how
  // many), reset the daily-loss kill switch.
  caf::replies_to<atom::pause, std::string>::with<bool>,
  caf::replies_to<atom::resume, std::string>::with<bool>,
  caf::replies_to<atom::flatten, std::string>::with<uint32_t>,
  caf::replies_to<atom::reset, std::string>::with<bool>,
  // The learner's posteriors, a draw of its weights and trades per regime.
  caf::replies_to<atom::learner, std::string>::with<learner_report>,
  // The crypto regime, from the regime detector.
  caf::replies_to<atom::regime, std::string>::with<regime_status>,
  // Every watched symbol's derivatives, from the derivatives monitor.
  caf::replies_to<atom::derivs, std::string>::with<std::vector<derivatives_snapshot>>>::unwrap;

// -- market data -----------------------------------------------------------------

/// The MARKET STORE: rolling candles per symbol and interval.
using market_store_actor = typed_actor_fwd<
  // The answer to history request id (warm-up or refill), oldest first.
  caf::reacts_to<atom::warmup, uint64_t, std::vector<candle>>,
  // History request id failed, why, and how long the exchange asked us to
  // wait (zero if it did not say); the store retries with backoff.
  caf::reacts_to<atom::warmup, uint64_t, std::string, timespan>,
  // Its own timer: send history request id again.
  caf::reacts_to<atom::warmup, uint64_t>,
  // The last `count` candles of a symbol and interval closed by the time
  // given (the asking decision's), oldest first: nothing after it is shown.
  caf::replies_to<atom::candles, std::string, interval, uint32_t, timestamp>
    ::with<std::vector<candle>>,
  // Symbols with data.
  caf::replies_to<atom::symbols>::with<std::vector<std::string>>,
  // A symbol's latest price: its last tick, else its newest closed minute,
  // else 0.
  caf::replies_to<atom::price, std::string>::with<double>>
  ::extend_with<market_data_sink_actor>
  // The clock's time: runs the warm-up retry timers.
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// The MARKET LISTENER: the exchange's kline streams and REST gap fill.
using market_listener_actor = typed_actor_fwd<
  // Its own timer: open the stream connection now.
  caf::reacts_to<atom::connect>,
  // The connection with this id is up.
  caf::reacts_to<atom::ws_open, uint64_t>,
  // The connection with this id is down, and why.
  caf::reacts_to<atom::ws_closed, uint64_t, std::string>,
  // A parsed frame of connection id.
  caf::reacts_to<atom::frame, uint64_t, tick_batch>,
  // A frame of connection id that failed to parse, and why.
  caf::reacts_to<atom::frame, uint64_t, std::string>,
  // Closed candles of a symbol recovered over REST after a reconnect.
  caf::reacts_to<atom::gap_fill, std::string, std::vector<candle>>,
  // A gap-fill request for a symbol failed, why, and how long the exchange
  // asked us to wait (zero if it did not say).
  caf::reacts_to<atom::gap_fill, std::string, std::string, timespan>,
  // Its own timer: retry the pending gap fill of a symbol.
  caf::reacts_to<atom::gap_fill, std::string>,
  // Counters of the feed.
  caf::replies_to<atom::frame>::with<feed_stats>>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// The backtest's market data source in place of the market listener: the
/// replay driver sends it each minute's closed bars, it forwards them to the
/// listener's sinks (actors/market_replay/).
using market_replay_actor = typed_actor_fwd<>
  ::extend_with<market_data_sink_actor>
  ::extend_with<service_actor>::unwrap;

// -- execution -------------------------------------------------------------------

/// The BROKER: places orders (write-ahead: the journal commits the intent
/// first) and reports their progress to the tracker, risk and the journal.
/// `paper` fills against the market it receives; `binance` talks to the
/// exchange.
using broker_actor = typed_actor_fwd<
  // Places an order; its progress arrives as order_update and fill.
  caf::reacts_to<atom::order, order_request>,
  // Cancels an open order by client id.
  caf::reacts_to<atom::cancel, std::string>,
  // The account: balances, equity and today's PnL, valued at last prices.
  caf::replies_to<atom::balance>::with<account_state>>
  ::extend_with<market_data_sink_actor>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// Reconciles the positions with the exchange's holdings (the position
/// tracker, at start, after its restore from the journal): the exchange is
/// right; answers once the corrections are journaled, with how many.
using position_reconciler_actor = typed_actor_fwd<
  caf::replies_to<atom::reconcile, exchange_holdings>::with<uint32_t>>::unwrap;

struct lot_rule; // messages/lot_rule.hpp

/// The POSITION TRACKER: owns the positions and every exit. It runs the
/// safety layer (stop-loss, trailing stop) in event time and sends at most
/// one exit order per position, whoever asks first; later requests are
/// journaled as superseded.
using position_tracker_actor = typed_actor_fwd<
  // Close (or reduce) a position: a model SELL, a kill-switch flatten, the
  // operator.
  caf::reacts_to<atom::exit, exit_request>,
  // The open positions.
  caf::replies_to<atom::positions>::with<std::vector<position>>,
  // The exchange's lot rules, from risk once it loaded the trading rules:
  // what an exit or a stop can sell, so dust below one step is exact.
  caf::reacts_to<atom::rules, std::vector<lot_rule>>>
  ::extend_with<position_reconciler_actor>
  ::extend_with<execution_sink_actor>
  ::extend_with<market_data_sink_actor>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// The RISK actor, between the trader and the broker: turns a journaled
/// decision into limited orders whatever the model or evaluator said.
using risk_actor = typed_actor_fwd<
  // A decision with its journal row id: each symbol's action and target
  // share against the limits; one verdict per symbol.
  caf::reacts_to<atom::execute, uint64_t, decision>,
  // Console: stop new entries (exits still run) / allow them again.
  caf::replies_to<atom::pause>::with<bool>,
  caf::replies_to<atom::resume>::with<bool>,
  // Console: close every position now; answers with how many.
  caf::replies_to<atom::flatten>::with<uint32_t>,
  // Console: reset the daily-loss kill switch.
  caf::replies_to<atom::reset>::with<bool>,
  // The exchange's trading rules: the exchangeInfo body, or why it could
  // not be fetched ("" when it was).
  caf::reacts_to<atom::rules, std::string, std::string>>
  ::extend_with<execution_sink_actor>
  // A closed position's PnL counts toward the day's loss at once.
  ::extend_with<position_exit_sink_actor>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

// -- decisions ---------------------------------------------------------------------

/// The GATE: decides in event time when a decision is worth paying for and
/// sends its passes to the trader.
using gate_actor = typed_actor_fwd<
  // The last decision's schedule, made at event time ts: check again in
  // this many seconds (clamped), and these wake conditions replace the
  // previous ones.
  caf::reacts_to<atom::schedule, timestamp, int64_t, std::vector<wake_condition>>,
  // A schedule without the model (the evaluator decided): check again in
  // this many seconds; the model's armed wake conditions stay.
  caf::reacts_to<atom::schedule, timestamp, int64_t>,
  // A symbol's derivatives after the monitor's round: its funding rate and
  // next funding time feed the funding wake metric and the funding layer.
  caf::reacts_to<atom::derivs, derivatives_snapshot>>
  ::extend_with<market_data_sink_actor>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// The EVALUATOR: the rule-based fallback; decides on the same snapshot.
using evaluator_actor = typed_actor_fwd<
  caf::replies_to<atom::decide, market_snapshot>::with<decision>>
  ::extend_with<service_actor>::unwrap;

/// The AGENT: asks the configured model backend and validates its answer.
using agent_actor = typed_actor_fwd<
  caf::replies_to<atom::decide, agent_request>::with<agent_answer>,
  // The backend's response to call id (from the I/O thread or the CLI runner).
  caf::reacts_to<atom::reply, uint64_t, model_response>>
  ::extend_with<service_actor>::unwrap;

/// The TRADER: the orchestrator. A pass becomes a snapshot, a decision (the
/// model's when the breaker and budget allow, else the evaluator's), a new
/// schedule for the gate and a journal row.
using trader_actor = typed_actor_fwd<
  // A decision is due: a gate pass, or the watchdog's forced decision.
  caf::reacts_to<atom::pass, gate_pass>>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

// -- learning ----------------------------------------------------------------------

/// The LEARNER: Thompson sampling over the signals behind decisions, per
/// regime; learns from every closed position once, and keeps what it
/// learned in the journal.
using learner_actor = typed_actor_fwd<
  // The current regimes, crypto and macro ("" unknown): trades closed from
  // now on count in their combined key, and weights are drawn for it.
  caf::reacts_to<atom::regimes, std::string, std::string>,
  // One part changed: the crypto regime, from the regime detector, or the
  // macro regime, from the macro regime actor ("" or "unknown": unknown).
  caf::reacts_to<atom::regime, std::string>,
  caf::reacts_to<atom::macro, std::string>,
  // Weights for the evaluator and the prompt: a Thompson draw for the
  // current regime (or neutral ones without enough data).
  caf::replies_to<atom::weights>::with<learner_weights>,
  // Posteriors, a draw of the weights and trades per regime (console).
  caf::replies_to<atom::learner>::with<learner_report>>
  ::extend_with<position_exit_sink_actor>
  ::extend_with<service_actor>::unwrap;

// -- market context ----------------------------------------------------------------

/// The MACRO REGIME: the growth x inflation quadrant from FRED series (CSV
/// files, or the FRED API when a key is set), refreshed in event time; each
/// new regime is published as an event.
using macro_regime_actor = typed_actor_fwd<
  // The regime now: goldilocks, reflation, stagflation, deflation or unknown.
  caf::replies_to<atom::macro>::with<std::string>,
  // From the I/O thread: series index (0 growth, 1 inflation) of refresh id,
  // the FRED API's body, or "" and why the request failed.
  caf::reacts_to<atom::macro, uint64_t, uint64_t, std::string, std::string>>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// The DERIVATIVES MONITOR: funding, open interest, long/short account ratio
/// and CVD per futures symbol, polled through the node's REST scheduler,
/// faster for a symbol the gate is hot for.
using derivatives_monitor_actor = typed_actor_fwd<
  // The body of the answer to one question about a symbol.
  caf::reacts_to<atom::fetched, std::string, derivs_query, std::string>,
  // A question about a symbol failed, why, and how long the exchange asked
  // us to wait (zero if it did not say).
  caf::reacts_to<atom::fetched, std::string, derivs_query, std::string, timespan>,
  // Every watched symbol's snapshot, in symbol order.
  caf::replies_to<atom::derivs>::with<std::vector<derivatives_snapshot>>>
  // The gate's passes: z-score and wake passes make a symbol hot.
  ::extend_with<gate_pass_sink_actor>
  // Closed 1m bars for the CVD; their times are the monitor's event time.
  ::extend_with<market_data_sink_actor>
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

/// The REGIME DETECTOR: the volatility regime (low_vol / high_vol) of a
/// symbol's daily log returns from a two-state Gaussian HMM, fitted by a
/// background worker, filtered at every daily close.
using regime_detector_actor = typed_actor_fwd<
  // What it knows now: regime, filtered probabilities, the model.
  caf::replies_to<atom::regime>::with<regime_status>,
  // Closed daily bars of fetch id, from REST (warm-up and missing days).
  caf::reacts_to<atom::warmup, uint64_t, std::vector<candle>>,
  // Fetch id failed, why, and how long the exchange asked us to wait (zero
  // if it did not say).
  caf::reacts_to<atom::warmup, uint64_t, std::string, timespan>,
  // The background worker's fit number n.
  caf::reacts_to<atom::fitted, uint64_t, regime_model>>
  // Closed 1m bars: the one ending a UTC day gives that day's close.
  ::extend_with<market_data_sink_actor>
  // The clock's time: fetches fall due in event time.
  ::extend_with<time_listener_actor>
  ::extend_with<service_actor>::unwrap;

} // namespace tn
