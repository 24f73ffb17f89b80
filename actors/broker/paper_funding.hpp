#pragma once

// Funding of USDⓈ-M perpetual positions in the paper account: at each
// funding time every open position pays or receives position × mark price ×
// funding rate in the quote asset (a long pays a positive rate and receives
// a negative one, a short the opposite). Pure: no CAF, time is a parameter.
//
// The schedule holds the funding events the paper exchange settles (in a
// backtest, the replayed funding file's rows); each becomes due at its own
// fundingTime in event time, through the same deadline_queue the actors'
// event-time timers use, and is settled with the rate of that row (as-of
// rule: the row whose fundingTime is the settlement; never a later one).

#include "messages/fwd.hpp"
#include "runtime/deadline_queue.hpp"
#include "runtime/money/decimal.hpp"

#include <map>
#include <string>
#include <vector>

namespace tn {

/// One funding settlement of a symbol: when and at which rate.
struct funding_due {
  std::string symbol;
  timestamp time; // the funding time (the file's fundingTime)
  decimal rate;   // a fraction: 0.0001 is 0.01 %
};

/// What the account receives from one settlement, in the quote asset;
/// negative when it pays: -(position × mark × rate), `position` signed
/// (negative: short). Rounding: the notional |position| × mark is rounded
/// to the nearest 1e-8, then the payment to 1e-8 against the account: a
/// debit away from zero, a credit toward zero, so the account is never
/// credited a unit the exact amount does not reach. Zero without a
/// position or at a zero rate.
decimal funding_amount(decimal position, decimal mark, decimal rate);

/// The funding events still to settle, in time order.
class funding_schedule {
public:
  /// Arms `x` at its funding time. Events at or before the symbol's
  /// settled-through time (see settled_through) are never handed out.
  void add(funding_due x);

  /// The events due at `now` (time <= now) not settled before, in time
  /// order (ties in the order added), removed from the schedule.
  std::vector<funding_due> take_due(timestamp now);

  /// Marks the symbol's events up to `t` as settled (a restart's journal
  /// kept them): they are skipped when due.
  void settled_through(const std::string& symbol, timestamp t);

  std::size_t pending() const {
    return queue_.size();
  }

private:
  deadline_queue<funding_due> queue_;
  std::map<std::string, timestamp> settled_; // by symbol
};

} // namespace tn
