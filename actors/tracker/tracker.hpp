#pragma once

// The position tracker's logic: positions from fills, the safety layer in
// event time, and exactly one exit per position.
//
// A position is open -> exiting (one exit order: its client id and reason)
// -> closed. Whatever asks first (a stop on a tick or on the cadence, a
// model SELL, a kill-switch flatten, a re-evaluation SELL, the operator)
// gets the exit order; anything asking while it is in flight, or after the
// position closed, is recorded as superseded. An exit order that is
// rejected, canceled, expired or dropped returns the position to open; the
// safety layer may fire again one cadence later, with the next client id
// (position id + attempt). A reduction (keep_quantity > 0) is a partial
// exit, also alone in flight; a close asked meanwhile waits for it and is
// sent when it is done. The position_exit comes once, when the fills have
// sold everything: PnL after entry and exit fees, the reason of the exit
// that closed it.
//
// Every change of an open position (fills, the trailing stop armed, a new
// best price at the cadence) is handed out to be journaled, and the
// journaled positions and exit orders in flight are restored at start.
//
// With execution.protective_stop: exchange, every open position also rests
// one STOP_LOSS_LIMIT sell at the exchange (tracker_protect.cpp): placed
// when the position opens, at the stop the safety layer would exit at now,
// for the whole quantity. It is replaced (canceled, then placed anew with
// the next revision once the exchange confirmed the cancel) when the
// position's quantity changed or the trailing stop rose by at least
// execution.stop_min_step, checked on fills and on the cadence. Cancel
// first, place after: never two resting at once, and on spot the first
// would lock the base asset the second needs; the gap is one round trip,
// during which the node-side stop still watches every tick. A node-side
// exit waits for the stop's cancel before it is sent (the exit is "held"),
// so the two can never both sell; if the stop fills meanwhile, its fills
// are the position's one exit (reason protective) and the held exit is
// recorded as superseded. A cancel not confirmed within one cadence is
// taken as done (the exchange still refuses a second sale: on spot the
// stop locks the asset, exits are reduce-only).
//
// Calls append what should be sent to output(); the shell sends it and
// clears it. Pure: time is a parameter, nothing here reads a clock.

#include "actors/tracker/position_book.hpp"
#include "actors/tracker/safety.hpp"
#include "actors/tracker/tracker_config.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/lot_rule.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "runtime/exchange/symbol_filters.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tn {

struct tracker_stats {
  uint64_t ticks = 0;
  uint64_t fills = 0;
  uint64_t duplicate_fills = 0; // fills seen before, ignored
  uint64_t opened = 0;          // positions opened
  uint64_t closed = 0;          // positions closed (position_exit sent)
  uint64_t exits_sent = 0;      // exit orders, reductions included
  uint64_t exits_failed = 0;    // exit orders rejected, canceled, expired or dropped
  uint64_t superseded = 0;      // exit triggers that came second
  uint64_t reevaluations = 0;   // re-evaluation passes
  uint64_t restored = 0;        // positions restored from the journal
  uint64_t stops_placed = 0;    // protective stops placed (revisions)
  uint64_t stop_cancels = 0;    // cancels of protective stops sent
  uint64_t stops_failed = 0;    // protective stops refused or ended by someone else
  uint64_t reconciled = 0;      // positions corrected to the exchange's holdings at start
};

/// What the calls since the last clear() want sent.
struct tracker_output {
  std::vector<std::string> cancels;  // client ids to cancel, to the broker before the orders
  std::vector<order_request> orders; // to the broker
  std::vector<position_exit> exits;  // to the journal, risk and the learner
  std::vector<gate_pass> passes;     // re-evaluations, to the trader
  std::vector<event> events;         // to the event log and the journal
  std::vector<position> saved;       // open positions whose journaled row changed

  bool empty() const {
    return cancels.empty() && orders.empty() && exits.empty() && passes.empty() && events.empty()
           && saved.empty();
  }
  void clear() {
    cancels.clear();
    orders.clear();
    exits.clear();
    passes.clear();
    events.clear();
    saved.clear();
  }
};

class tracker {
public:
  /// The topic of the tracker's events.
  static constexpr const char* topic = "position_tracker";

  /// Both must have passed validate().
  tracker(tracker_config cfg, safety_thresholds safety);

  /// A price: the hard stops of the symbol's position. The hot path: finds
  /// the symbol in a flat vector and allocates nothing unless a stop fires.
  void on_tick(const tick& t, timestamp now);

  /// A closed bar: its close is the symbol's latest price.
  void on_closed(const candle& c, timestamp now);

  void on_fill(const fill& f, timestamp now);
  void on_order_update(const order_update& u, timestamp now);

  /// A model SELL or reduction, a kill-switch flatten, the operator.
  void on_exit_request(const exit_request& r, timestamp now);

  /// Event time moved: the cadence (stops on last prices, re-evaluations).
  void on_time(timestamp now);

  /// The exchange's lot rules (LOT_SIZE, MARKET_LOT_SIZE), as risk hands
  /// them on once it loaded the trading rules. They say what an exit or a
  /// protective stop can sell of a position: what a closing sale leaves
  /// below one step (or the minimum) is dust, and a stop the broker fitted
  /// to the step covers the position. Until a symbol's rule arrives its
  /// quantities are taken as they are, and a restored stop for less than
  /// its position is left resting rather than replaced. The resting stops
  /// are checked against the rules at once.
  void set_lot_rules(const std::vector<lot_rule>& rules, timestamp now);

  /// The positions the journal kept and the orders it journaled that are
  /// not final (`in_flight`): a position that fills opened since start
  /// stays as it is; a SELL with one of a restored position's exit ids is
  /// its exit in flight again, and later exits count on from its attempt;
  /// one with its protective stop ids is its resting stop again (no second
  /// is placed), later revisions counting on from it.
  void restore(std::vector<position> kept, const std::vector<order_request>& in_flight,
               timestamp now);

  /// The exchange's holdings at start (after restore): each difference to
  /// the positions is an event, and the exchange is right (reconcile.hpp):
  /// a position is reduced, closed (gone at the exchange: no exit, no
  /// PnL), raised, or adopted from a futures long the journal does not
  /// know. A position with an exit in flight is left to its exit. Returns
  /// how many positions changed; their rows are in output().saved.
  uint32_t reconcile(const exchange_holdings& exchange, timestamp now);

  /// The open positions.
  std::vector<position> positions() const;

  const tracker_stats& stats() const {
    return stats_;
  }

  tracker_output& output() {
    return out_;
  }

private:
  void on_price(symbol_slot& s, decimal price, timestamp now);
  void check_stops(symbol_slot& s, timestamp now);
  void begin_exit(symbol_slot& s, const exit_request& r, timestamp now, std::string why);
  void supersede(const exit_request& r, const std::string& why, timestamp now);
  void sale(symbol_slot& s, const fill& f, decimal fee_quote, timestamp now);
  void settle(symbol_slot& s, timestamp now);
  void close(symbol_slot& s, order_reason reason, timestamp now);
  /// Closes the position after `order` (an exit or the protective stop)
  /// sold `sold` of the `asked` it was placed for: the broker fits a sale to
  /// the lot step, and what a base-asset fee left off the step is dust no
  /// exchange order can sell; it stays in the account.
  void close_leaving_dust(symbol_slot& s, const std::string& order, decimal sold, decimal asked,
                         order_reason reason, timestamp now);
  void resume_deferred(symbol_slot& s, timestamp now);
  void reevaluate(timestamp now);
  void save(tracked_position& p);
  void adopt_exit(const order_request& o, timestamp now);
  // The exchange-side stop (tracker_protect.cpp).
  void protect(symbol_slot& s, timestamp now);
  void place_stop(symbol_slot& s, timestamp now);
  void cancel_stop(symbol_slot& s, timestamp now, const std::string& why);
  void send_cancel(protective_order& st, timestamp now);
  void on_stop_update(symbol_slot& s, const order_update& u, timestamp now);
  void stop_gone(symbol_slot& s, timestamp now);
  void release_exit(symbol_slot& s, timestamp now);
  void expire_cancel(symbol_slot& s, timestamp now);
  void adopt_stop(const order_request& o, timestamp now);
  void note(timestamp ts, severity level, std::string text);
  /// `quantity` as the exchange takes it in one order of `type`: rounded
  /// down to the lot step (and the market lot step for a market order);
  /// unchanged while the symbol's rule is unknown.
  decimal sellable(const std::string& symbol, decimal quantity, order_type type) const;
  /// True if no order of `type` can sell any of `quantity` (> 0): it is
  /// below one step or the minimum. False while the rule is unknown.
  bool is_dust(const std::string& symbol, decimal quantity, order_type type) const;

  tracker_config cfg_;
  std::map<std::string, symbol_filters> lots_; // the lot rules, by symbol
  safety_levels levels_;
  position_book book_;
  std::optional<timestamp> next_cadence_;
  tracker_stats stats_;
  tracker_output out_;
};

} // namespace tn
