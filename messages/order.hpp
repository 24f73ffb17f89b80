#pragma once

// The order path's contracts: what risk asks the broker to do, what the
// exchange (or the paper fill model) answers, and the positions and account
// that result. Every amount is fixed point (messages/money.hpp).

#include "messages/decision.hpp"
#include "messages/fwd.hpp"
#include "messages/money.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tn {

// Values of these enums are stable: they cross the network and are stored.

enum class order_side : uint8_t { buy = 0, sell };

inline const char* to_string(order_side x) {
  return x == order_side::buy ? "BUY" : "SELL";
}

/// Binance's order types the node places.
enum class order_type : uint8_t { market = 0, limit, limit_maker, stop_loss_limit };

inline const char* to_string(order_type x) {
  switch (x) {
    case order_type::market: return "MARKET";
    case order_type::limit: return "LIMIT";
    case order_type::limit_maker: return "LIMIT_MAKER";
    case order_type::stop_loss_limit: return "STOP_LOSS_LIMIT";
  }
  return "?";
}

/// Where an order stands. `intent` is journaled and not yet sent; `sent`
/// left the node without an answer yet (its outcome may be unknown);
/// `dropped` was journaled but provably never reached the exchange.
enum class order_state : uint8_t {
  intent = 0,
  sent,
  open,
  partially_filled,
  filled,
  canceled,
  rejected,
  expired,
  dropped,
};

inline const char* to_string(order_state x) {
  switch (x) {
    case order_state::intent: return "intent";
    case order_state::sent: return "sent";
    case order_state::open: return "open";
    case order_state::partially_filled: return "partially_filled";
    case order_state::filled: return "filled";
    case order_state::canceled: return "canceled";
    case order_state::rejected: return "rejected";
    case order_state::expired: return "expired";
    case order_state::dropped: return "dropped";
  }
  return "?";
}

/// No further update can follow.
inline bool is_final(order_state x) {
  return x == order_state::filled || x == order_state::canceled || x == order_state::rejected
         || x == order_state::expired || x == order_state::dropped;
}

/// Why an order exists.
enum class order_reason : uint8_t {
  entry = 0,      // a BUY raising the position toward its target share
  reduce,         // a SELL reducing to a lower share
  model_sell,     // a SELL closing the position
  stop_loss,      // the safety layer: loss from entry reached the stop
  trailing_stop,  // the safety layer: retreat from the best price
  kill_switch,    // the daily loss limit flattened every position
  flatten,        // the operator flattened (console)
  reevaluation,   // the periodic re-evaluation closed it
  protective,     // a resting exchange-side stop (execution.protective_stop: exchange)
};

inline const char* to_string(order_reason x) {
  switch (x) {
    case order_reason::entry: return "entry";
    case order_reason::reduce: return "reduce";
    case order_reason::model_sell: return "model_sell";
    case order_reason::stop_loss: return "stop_loss";
    case order_reason::trailing_stop: return "trailing_stop";
    case order_reason::kill_switch: return "kill_switch";
    case order_reason::flatten: return "flatten";
    case order_reason::reevaluation: return "reevaluation";
    case order_reason::protective: return "protective";
  }
  return "?";
}

/// An order to place. `client_id` is deterministic (decision id and leg, or
/// position id and exit), so a retry or a recovery can never place it twice.
struct order_request {
  std::string client_id;
  uint64_t decision_id = 0; // the journal's decision row; 0 for safety exits
  std::string symbol;
  order_side side = order_side::buy;
  order_type type = order_type::market;
  decimal quantity;         // base asset, rounded to the lot size
  decimal price;            // limit price; zero for market orders
  decimal stop_price;       // trigger of a stop order; zero otherwise
  bool reduce_only = false; // futures: may only shrink a position
  order_reason reason = order_reason::entry;
  timestamp ts;             // event time it was decided
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_request& x) {
  return f(caf::meta::type_name("order_request"), x.client_id, x.decision_id, x.symbol, x.side,
           x.type, x.quantity, x.price, x.stop_price, x.reduce_only, x.reason, x.ts);
}

/// One execution of an order (Binance: a trade). `trade_id` is unique per
/// symbol at the exchange, so a fill read twice is recognised.
struct fill {
  std::string client_id;
  std::string symbol;
  order_side side = order_side::buy;
  uint64_t trade_id = 0;
  decimal quantity;
  decimal price;
  decimal fee;
  std::string fee_asset;
  bool maker = false;
  timestamp ts; // event time of the execution
  uint64_t decision_id = 0; // the order's decision (its order_request's); 0 for safety exits
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, fill& x) {
  return f(caf::meta::type_name("fill"), x.client_id, x.symbol, x.side, x.trade_id, x.quantity,
           x.price, x.fee, x.fee_asset, x.maker, x.ts, x.decision_id);
}

/// An order's new state. Quantities are cumulative.
struct order_update {
  std::string client_id;
  std::string symbol;
  order_state state = order_state::intent;
  decimal filled_quantity;
  decimal average_price;
  std::string exchange_order_id; // "" until acknowledged
  std::string reason;            // why it was rejected, dropped or canceled, in words
  timestamp ts;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_update& x) {
  return f(caf::meta::type_name("order_update"), x.client_id, x.symbol, x.state,
           x.filled_quantity, x.average_price, x.exchange_order_id, x.reason, x.ts);
}

/// An open position (long: the decision contract buys and sells, it does
/// not short). Created only by a fill of an acknowledged or paper-filled
/// order.
struct position {
  std::string position_id;    // stable: the learner's trade id
  std::string symbol;
  decimal quantity;           // base asset held
  decimal entry_price;        // average over the entry fills
  decimal fees;               // paid so far, in the quote asset
  decimal best_price;         // highest price since entry (trailing stop)
  bool trailing_armed = false;
  uint64_t entry_decision_id = 0;
  timestamp opened;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, position& x) {
  return f(caf::meta::type_name("position"), x.position_id, x.symbol, x.quantity, x.entry_price,
           x.fees, x.best_price, x.trailing_armed, x.entry_decision_id, x.opened);
}

/// A closed position: exactly one per position, whatever closed it. The
/// learner's input (PnL after fees, the entry decision's signals).
struct position_exit {
  std::string position_id;
  std::string symbol;
  uint64_t entry_decision_id = 0;
  order_reason reason = order_reason::model_sell;
  decimal quantity;
  decimal entry_price;
  decimal exit_price; // average over the exit fills
  decimal fees;       // entry and exit, quote asset
  decimal pnl;        // realised, after fees, quote asset
  timestamp opened;
  timestamp closed;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, position_exit& x) {
  return f(caf::meta::type_name("position_exit"), x.position_id, x.symbol, x.entry_decision_id,
           x.reason, x.quantity, x.entry_price, x.exit_price, x.fees, x.pnl, x.opened, x.closed);
}

/// A request to close or reduce a symbol's position.
struct exit_request {
  std::string symbol;
  order_reason reason = order_reason::model_sell;
  uint64_t decision_id = 0; // the decision that asked; 0 for the operator
  decimal keep_quantity;    // what stays: zero closes the position
  timestamp ts;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, exit_request& x) {
  return f(caf::meta::type_name("exit_request"), x.symbol, x.reason, x.decision_id,
           x.keep_quantity, x.ts);
}

/// A balance of one asset.
struct asset_balance {
  std::string asset;
  decimal free;
  decimal locked;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, asset_balance& x) {
  return f(caf::meta::type_name("asset_balance"), x.asset, x.free, x.locked);
}

/// The account as the broker knows it, valued in the quote asset.
struct account_state {
  timestamp ts;
  std::string quote_asset;           // "USDT"
  decimal equity;                    // quote balance + holdings at their last price
  decimal quote_balance;             // free + locked quote asset
  decimal realized_pnl_today;        // UTC day of ts, after fees
  decimal fees_today;
  std::vector<asset_balance> balances;
  std::vector<order_update> open_orders;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_state& x) {
  return f(caf::meta::type_name("account_state"), x.ts, x.quote_asset, x.equity, x.quote_balance,
           x.realized_pnl_today, x.fees_today, x.balances, x.open_orders);
}

/// What risk did with one symbol's decision: the verdict is journaled with
/// the decision and published as an event.
enum class risk_outcome : uint8_t { accepted = 0, reduced, rejected, nothing_to_do };

inline const char* to_string(risk_outcome x) {
  switch (x) {
    case risk_outcome::accepted: return "accepted";
    case risk_outcome::reduced: return "reduced";
    case risk_outcome::rejected: return "rejected";
    case risk_outcome::nothing_to_do: return "nothing_to_do";
  }
  return "?";
}

struct risk_verdict {
  uint64_t decision_id = 0;
  std::string symbol;
  trade_action action = trade_action::hold;
  double requested_pct = 0; // the decision's target share (analytics)
  risk_outcome outcome = risk_outcome::nothing_to_do;
  std::string reason;       // in words: which limit and the values involved
  std::string client_id;    // the order it produced; "" if none
  decimal quantity;         // that order's quantity
  timestamp ts;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, risk_verdict& x) {
  return f(caf::meta::type_name("risk_verdict"), x.decision_id, x.symbol, x.action,
           x.requested_pct, x.outcome, x.reason, x.client_id, x.quantity, x.ts);
}

/// An order as the journal keeps it: the intent as it was journaled before
/// it was sent, and its latest state (state `intent` until the first
/// update).
struct journaled_order {
  order_request request;
  order_update last;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, journaled_order& x) {
  return f(caf::meta::type_name("journaled_order"), x.request, x.last);
}

/// What the journal hands the execution services at start (atom::restore).
struct execution_journal {
  std::vector<journaled_order> open_orders; // not final, oldest intent first
  std::vector<position> positions;          // open, oldest first
  std::vector<asset_balance> balances;      // as last journaled
  timestamp day;                    // UTC midnight of the newest fill or exit (epoch: none)
  decimal realized_pnl_day;         // PnL of the exits closed on `day`, after fees
  std::map<std::string, decimal> fees_day; // fees of the fills on `day`, per fee asset
  std::map<std::string, timestamp> funding_settled; // newest funding time journaled, per symbol
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, execution_journal& x) {
  return f(caf::meta::type_name("execution_journal"), x.open_orders, x.positions, x.balances,
           x.day, x.realized_pnl_day, x.fees_day, x.funding_settled);
}

/// What the exchange holds of one traded symbol, read at start to reconcile
/// the journal's positions with (the binance broker tells the position
/// tracker).
struct exchange_holding {
  std::string symbol;
  decimal quantity;    // spot: the base asset, free and locked; futures: the
                       // position, signed (negative: short)
  decimal entry_price; // futures: the exchange's average entry; zero on spot
  decimal lot_step;    // LOT_SIZE stepSize: a smaller difference is dust
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, exchange_holding& x) {
  return f(caf::meta::type_name("exchange_holding"), x.symbol, x.quantity, x.entry_price,
           x.lot_step);
}

/// The exchange's truth of every traded symbol it lists, at event time ts.
struct exchange_holdings {
  bool futures = false; // USDⓈ-M positions; false: spot balances
  std::vector<exchange_holding> symbols;
  timestamp ts;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, exchange_holdings& x) {
  return f(caf::meta::type_name("exchange_holdings"), x.futures, x.symbols, x.ts);
}

/// One funding settlement of a futures position (the paper broker's, as
/// Binance books FUNDING_FEE): at the funding time `ts` (event time) the
/// position paid or received position × mark × rate in `asset`.
struct funding_payment {
  std::string symbol;
  timestamp ts;       // the funding time
  decimal position;   // signed: negative is short
  decimal mark_price; // the mark the payment was computed at
  decimal rate;       // the funding rate of that time, a fraction
  decimal amount;     // credited to the account; negative: paid
  std::string asset;  // the quote (margin) asset
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, funding_payment& x) {
  return f(caf::meta::type_name("funding_payment"), x.symbol, x.ts, x.position, x.mark_price,
           x.rate, x.amount, x.asset);
}

} // namespace tn
