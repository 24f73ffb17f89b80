#pragma once

// Risk: turns a journaled decision into limited orders, whatever the model or
// the evaluator said. Pure logic; time comes in as parameters.
//
// What a decision means (the one statement the prompt, the schema, the
// evaluator and README repeat): `position_pct` is the target share of equity
// for the symbol.
//   BUY   raises the position to the target, never above it. When the
//         position (with entries still in flight) is already there, or short
//         of it by less than one lot step or the minimum notional, there is
//         nothing to do: a repeated BUY at the same target places nothing.
//   SELL  closes the position; with a target above 0 and below the current
//         share it reduces the position to the target instead.
//   HOLD  leaves the position as it is.
// Entries pass every limit below; exits (SELL, the kill switch) pass none of
// them and are never blocked: they go to the position tracker, which owns
// every exit.

#include "actors/risk/risk_config.hpp"
#include "messages/decision.hpp"
#include "messages/order.hpp"
#include "runtime/exchange/symbol_filters.hpp"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// What risk knows when it judges a decision.
struct risk_inputs {
  timestamp now;
  /// The broker's account; unset when it did not answer, and why.
  std::optional<account_state> account;
  std::string account_error;
  /// The tracker's open positions; `positions_error` says why they are
  /// unknown ("" when they are known).
  std::vector<position> positions;
  std::string positions_error;
  /// Last prices of the decision's and the positions' symbols.
  std::map<std::string, decimal> prices;
  /// Whether the journal can write, and if not, why.
  bool journal_ok = true;
  std::string journal_error;
  /// The journal's client id epoch (in every entry's client id); "" when
  /// the journal did not say, and `epoch_error` why.
  std::string client_id_epoch;
  std::string epoch_error;
};

/// What risk makes of a decision, or of an account that tripped the kill
/// switch: one verdict per symbol decided, the orders for the broker, the
/// exits for the tracker, and what else the operator should hear.
struct risk_plan {
  std::vector<risk_verdict> verdicts;
  std::vector<order_request> orders;
  std::vector<exit_request> exits;
  std::vector<std::string> notes;
};

/// The client order id of leg `leg` (at most 999) of decision
/// `decision_id` in the journal with client id epoch `epoch` (eight
/// characters): "tn<epoch>-<decision id>-<leg>". The same for a retry and
/// after a restart, so the exchange never takes the order twice; another
/// journal's ids differ by the epoch, though its decision ids start at 1
/// again. At most 35 characters (the market fallback adds one), within
/// Binance's `^[\.A-Z\:/a-z0-9_-]{1,36}$`; its position's exits and stops
/// extend it (actors/tracker/exit_id.hpp).
std::string entry_client_id(std::string_view epoch, uint64_t decision_id, size_t leg);

/// An exit of every position, for `reason` (the kill switch, the operator).
std::vector<exit_request> flatten_all(const std::vector<position>& positions,
                                      order_reason reason, timestamp now);

class risk_engine {
public:
  risk_engine(risk_config cfg, exchange_filters filters);

  /// Judges decision `decision_id` (its journal row) against the limits.
  risk_plan decide(uint64_t decision_id, const decision& d, const risk_inputs& in);

  /// Checks the daily loss on a fresh account: past the limit, the kill
  /// switch trips and the plan flattens every position.
  risk_plan on_account(const account_state& account, const std::vector<position>& positions,
                       timestamp now);

  /// Time passes: a new UTC day starts the daily loss afresh and, with
  /// reset next_day, releases the kill switch. Returns a note for the
  /// operator, or "".
  std::string on_time(timestamp now);

  /// An entry's progress: what is in flight counts toward its symbol's
  /// position until it fills or ends.
  void on_fill(const fill& x);
  void on_update(const order_update& x);

  /// Console controls: true if the state changed.
  bool pause();
  bool resume();
  bool reset_kill_switch();

  bool paused() const {
    return paused_;
  }
  bool killed() const {
    return !kill_reason_.empty();
  }
  /// Why the kill switch tripped ("" while it is off).
  const std::string& kill_reason() const {
    return kill_reason_;
  }
  /// The quantity of entries sent for `symbol` and not yet filled or ended.
  decimal in_flight(const std::string& symbol) const;

  /// The exchange's trading rules, once fetched; entries are refused for a
  /// symbol without them.
  void set_filters(exchange_filters filters) {
    filters_ = std::move(filters);
  }

  const risk_config& config() const {
    return cfg_;
  }

private:
  struct pending_entry {
    std::string symbol;
    decimal remaining;
  };
  /// What the legs of one decision share: the exposure and the cash their
  /// orders already took.
  struct decision_run {
    decimal exposure;
    decimal cash;
    bool flattened = false; // the kill switch tripped on this decision's account
  };

  void buy(uint64_t decision_id, size_t leg, decimal target, const risk_inputs& in,
           decision_run& run, risk_plan& plan, risk_verdict& v);
  void sell(uint64_t decision_id, decimal target, const risk_inputs& in, const decision_run& run,
            risk_plan& plan, risk_verdict& v);
  void count_order(timestamp now);

  /// The day's loss so far against its limit; trips the kill switch.
  std::optional<std::string> check_daily_loss(const account_state& account);
  void roll_day(timestamp now, std::vector<std::string>& notes);
  void prune_orders(timestamp now);

  risk_config cfg_;
  exchange_filters filters_;
  bool paused_ = false;
  std::string kill_reason_;
  int64_t day_ = -1;                 // days since the epoch of the current UTC day
  std::optional<decimal> day_start_; // the day's starting equity (or the equity at a reset)
  std::optional<decimal> last_equity_;
  std::deque<timestamp> recent_orders_;
  std::map<std::string, pending_entry> pending_; // by client id
};

} // namespace tn
