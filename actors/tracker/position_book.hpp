#pragma once

// The positions as the fills made them, per symbol in one flat sorted
// vector (the tick path finds a symbol by binary search and allocates
// nothing). Only fills create and change positions: an order that never
// filled (a rejected or failed BUY) leaves none. Amounts in fixed point;
// fees in the quote asset. Pure: time is a parameter.

#include "messages/order.hpp"

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace tn {

/// The one exit order of a position in flight.
struct exit_order {
  std::string client_id;
  order_reason reason = order_reason::model_sell;
  uint64_t decision_id = 0;
  decimal quantity;               // ordered
  bool closes = true;             // closes the position; false: reduces it
  decimal filled;                 // by the fills received so far
  std::optional<decimal> done_at; // the exchange's final filled quantity, once it said filled
  bool stop_noted = false;        // a stop reached meanwhile was recorded as superseded
  // Not sent yet: it waits until the protective stop is canceled, so the
  // two can never both sell.
  std::optional<order_request> held;
};

/// A position's protective stop at the exchange (execution.protective_stop:
/// exchange): placed, resting, or being canceled. One at a time.
struct protective_order {
  std::string client_id;
  decimal stop_price;
  decimal quantity;             // ordered
  decimal filled;               // by its fills so far
  bool acknowledged = false;    // the exchange said open (or it was restored)
  bool cancel_wanted = false;   // cancel once acknowledged
  bool restored = false;        // from the journal: as the broker placed it, fitted to the step
  std::optional<timestamp> cancel_sent;
};

/// An open position and its exits so far.
struct tracked_position {
  position pos;
  decimal sold;     // base asset sold by reductions and exits
  decimal proceeds; // quote asset received for it
  decimal realized; // PnL of what was sold against the average entry, before fees
  uint32_t exit_attempts = 0;
  std::optional<exit_order> exiting;
  uint32_t stop_revisions = 0;
  std::optional<protective_order> stop;
  // After a stop was refused the tracker places the next no sooner.
  timestamp stop_retry_after;
  // A close asked while a reduction was in flight: sent once it is done.
  std::optional<exit_request> deferred;
  // After a failed exit the safety layer waits until then.
  timestamp retry_after;
  timestamp next_reevaluation;
  // What the journal holds of the trailing stop, to write only changes.
  decimal saved_best;
  bool saved_armed = false;
};

/// Everything the tracker knows of one symbol.
struct symbol_slot {
  std::string symbol;
  decimal last_price; // zero before the first price
  std::optional<tracked_position> open;
  std::string last_closed; // "<position id> (<reason>)" of the last close; "" if none
};

/// How much of a fill's fee counts in the quote asset, and how much of the
/// bought quantity it took (spot BUYs pay in the base asset by default).
struct fee_split {
  decimal quote;
  decimal base;
};

class position_book {
public:
  /// The symbol's slot, or null.
  symbol_slot* find(std::string_view symbol);

  /// The symbol's slot, added if new.
  symbol_slot& slot(std::string_view symbol);

  std::vector<symbol_slot>& slots() {
    return slots_;
  }
  const std::vector<symbol_slot>& slots() const {
    return slots_;
  }

  /// False if a fill with this symbol and trade id was seen among the last
  /// few thousand: a fill read twice counts once.
  bool first_time(const fill& f);

  /// The fee of `f` in `quote_asset`: paid in the quote asset, in the
  /// symbol's base asset at the fill's price, or in another asset at that
  /// asset's last price against the quote; nothing if that price is unknown.
  std::optional<fee_split> fee_of(const fill& f, std::string_view quote_asset);

private:
  std::vector<symbol_slot> slots_; // sorted by symbol
  std::unordered_set<std::string> seen_;
  std::deque<std::string> seen_order_;
};

/// A BUY fill: opens the position (its id the first entry's client id) or
/// adds to it at the average price.
void add_entry(symbol_slot& s, const fill& f, fee_split fee);

/// A SELL fill of `quantity` (at most what is held) at `price`.
void add_sale(tracked_position& p, decimal quantity, decimal price, decimal fee_quote);

/// The closed position: everything sold over its life, PnL after every fee.
position_exit exit_of(const tracked_position& p, order_reason reason, timestamp closed);

} // namespace tn
