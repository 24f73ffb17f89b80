#pragma once

// Positions against the exchange's holdings at start: what the journal kept
// is compared with what the account holds, and the exchange is right.
//
// - A journal position larger than the holding is reduced to it, or closed
//   when less than one lot step is held ("gone at the exchange").
// - A smaller one is raised to the holding only where the holding is the
//   node's own: a futures position (one per symbol and account). Spot coins
//   beyond the node's positions are the account's own (bought by hand, or
//   dust the node's closes left): never adopted, only reported.
// - A futures long the journal does not know is adopted, so the safety
//   layer protects it; a short is reported (the node tracks longs only).
// - A difference smaller than one lot step is dust: no correction.
// - A journal position of a symbol whose holding was not read is reported.
//
// Pure: no CAF, no clock.

#include "messages/order.hpp"

#include <string>
#include <vector>

namespace tn {

enum class reconcile_action : uint8_t {
  reduce,    // the journal held more: reduced to the exchange's quantity
  close,     // the exchange holds nothing (under one lot step): closed, gone at the exchange
  raise,     // futures: the exchange holds more of the node's position: raised to it
  adopt,     // futures: a long the journal does not know: tracked from now on
  foreign,   // spot: coins beyond the node's positions: the account's own, not adopted
  short_untracked, // futures: a short the journal does not know: reported, not tracked
  not_read,  // the exchange's holding of the symbol was not read: not reconciled
};

const char* to_string(reconcile_action x);

/// One difference between the journal and the exchange, and what to do.
struct position_correction {
  std::string symbol;
  std::string position_id; // the journal's position; "" when it has none
  decimal journal_quantity;
  decimal exchange_quantity; // signed for futures
  reconcile_action action = reconcile_action::reduce;
  decimal quantity;    // the position's quantity after it (reduce, raise, adopt)
  decimal entry_price; // raise and adopt: the exchange's entry price (zero: keep/unknown)
};

/// The corrections that make `journal` (open positions, one per symbol)
/// agree with `exchange`; dust and equal quantities give none. Journal
/// positions first, in their order, then holdings the journal does not know.
std::vector<position_correction> reconcile_positions(const std::vector<position>& journal,
                                                     const exchange_holdings& exchange);

/// The correction in words: symbol, both quantities, what was done.
std::string describe(const position_correction& c);

/// The id of a futures position adopted from the exchange at `ts`:
/// "a<ms>-<symbol>", within Binance's client id characters.
std::string adopted_position_id(const std::string& symbol, timestamp ts);

} // namespace tn
