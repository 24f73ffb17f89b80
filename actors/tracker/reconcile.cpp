#include "actors/tracker/reconcile.hpp"

#include <chrono>
#include <set>

namespace tn {

namespace {

const exchange_holding* holding_of(const exchange_holdings& exchange, const std::string& symbol) {
  for (auto& h : exchange.symbols)
    if (h.symbol == symbol)
      return &h;
  return nullptr;
}

/// Less than one lot step apart (any difference counts without a step).
bool within_dust(decimal a, decimal b, decimal step) {
  auto gap = abs(a - b);
  return step.is_positive() ? gap < step : gap.is_zero();
}

/// Less than one lot step held: nothing an order could sell.
bool nothing_held(decimal held, decimal step) {
  return held < (step.is_positive() ? step : decimal::from_units(1));
}

position_correction correction(const std::string& symbol, const std::string& id,
                               decimal journal, decimal held, reconcile_action action) {
  position_correction c;
  c.symbol = symbol;
  c.position_id = id;
  c.journal_quantity = journal;
  c.exchange_quantity = held;
  c.action = action;
  return c;
}

} // namespace

const char* to_string(reconcile_action x) {
  switch (x) {
    case reconcile_action::reduce: return "reduce";
    case reconcile_action::close: return "close";
    case reconcile_action::raise: return "raise";
    case reconcile_action::adopt: return "adopt";
    case reconcile_action::foreign: return "foreign";
    case reconcile_action::short_untracked: return "short_untracked";
    case reconcile_action::not_read: return "not_read";
  }
  return "?";
}

std::vector<position_correction> reconcile_positions(const std::vector<position>& journal,
                                                     const exchange_holdings& exchange) {
  std::vector<position_correction> out;
  std::set<std::string> known;
  for (auto& p : journal) {
    known.insert(p.symbol);
    const auto* h = holding_of(exchange, p.symbol);
    if (!h) {
      out.push_back(correction(p.symbol, p.position_id, p.quantity, {}, reconcile_action::not_read));
      continue;
    }
    auto held = h->quantity;
    if (within_dust(p.quantity, held, h->lot_step))
      continue;
    if (held < p.quantity) {
      auto c = correction(p.symbol, p.position_id, p.quantity, held,
                          nothing_held(held, h->lot_step) ? reconcile_action::close
                                                          : reconcile_action::reduce);
      if (c.action == reconcile_action::reduce)
        c.quantity = held;
      out.push_back(std::move(c));
      // A futures short behind a vanished long is one the node does not track.
      if (exchange.futures && held.is_negative() && !within_dust(held, {}, h->lot_step))
        out.push_back(correction(p.symbol, {}, {}, held, reconcile_action::short_untracked));
      continue;
    }
    if (!exchange.futures) {
      out.push_back(correction(p.symbol, p.position_id, p.quantity, held,
                               reconcile_action::foreign));
      continue;
    }
    auto c = correction(p.symbol, p.position_id, p.quantity, held, reconcile_action::raise);
    c.quantity = held;
    c.entry_price = h->entry_price;
    out.push_back(std::move(c));
  }
  for (auto& h : exchange.symbols) {
    if (known.count(h.symbol) > 0 || within_dust(h.quantity, {}, h.lot_step))
      continue;
    if (!exchange.futures) {
      if (h.quantity.is_positive())
        out.push_back(correction(h.symbol, {}, {}, h.quantity, reconcile_action::foreign));
      continue;
    }
    if (h.quantity.is_negative()) {
      out.push_back(correction(h.symbol, {}, {}, h.quantity, reconcile_action::short_untracked));
      continue;
    }
    auto c = correction(h.symbol, {}, {}, h.quantity, reconcile_action::adopt);
    c.quantity = h.quantity;
    c.entry_price = h.entry_price;
    out.push_back(std::move(c));
  }
  return out;
}

std::string describe(const position_correction& c) {
  auto head = c.symbol + ": the journal holds " + to_string(c.journal_quantity)
              + (c.position_id.empty() ? "" : " (" + c.position_id + ")") + ", the exchange "
              + to_string(c.exchange_quantity) + ": ";
  switch (c.action) {
    case reconcile_action::reduce:
      return head + "reduced to " + to_string(c.quantity) + " in the exchange's favour";
    case reconcile_action::close:
      return head + "closed, the position is gone at the exchange";
    case reconcile_action::raise:
      return head + "raised to " + to_string(c.quantity) + " in the exchange's favour"
             + (c.entry_price.is_positive() ? ", entry " + to_string(c.entry_price) : "");
    case reconcile_action::adopt:
      return head + "a futures position the journal does not know, tracked from now on"
             + (c.entry_price.is_positive() ? " at entry " + to_string(c.entry_price) : "")
             + " so the stops protect it";
    case reconcile_action::foreign:
      return head + "the " + to_string(c.exchange_quantity - c.journal_quantity)
             + " beyond the node's positions are the account's own and are not adopted or "
               "traded";
    case reconcile_action::short_untracked:
      return head + "a futures short the journal does not know; the node tracks long "
                    "positions only, so no stop of the node protects it: close it at the "
                    "exchange";
    case reconcile_action::not_read:
      return c.symbol + ": the exchange's holding was not read (not a traded symbol the "
                        "exchange lists): position "
             + c.position_id + " of " + to_string(c.journal_quantity) + " is not reconciled";
  }
  return head;
}

std::string adopted_position_id(const std::string& symbol, timestamp ts) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(ts.time_since_epoch()).count();
  return "a" + std::to_string(ms) + "-" + symbol;
}

} // namespace tn
