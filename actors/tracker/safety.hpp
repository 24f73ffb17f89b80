#pragma once

// The safety layer's arithmetic, which the model cannot switch off: a
// stop-loss below the entry price and a trailing stop below the best price
// since entry, armed once the gain reached the activation. All in fixed
// point; the thresholds (fractions from the config) are converted once.

#include "messages/order.hpp"
#include "messages/snapshot.hpp"

#include <optional>

namespace tn {

/// The thresholds as decimal fractions.
struct safety_levels {
  decimal stop_loss;     // 0.04: exit at 4 % below entry
  decimal trailing_stop; // 0.12: exit at 12 % below the best price ...
  decimal activation;    // 0.03: ... once it rose 3 % above entry
};

/// `x` must have passed validate(const safety_thresholds&).
safety_levels to_levels(const safety_thresholds& x);

/// Where a position exits now, and why.
struct stop_level {
  decimal price;
  order_reason reason = order_reason::stop_loss;
};

/// The stop-loss price of an entry.
decimal stop_loss_price(const safety_levels& lv, decimal entry);

/// The best price from which the trailing stop is armed.
decimal activation_price(const safety_levels& lv, decimal entry);

/// The trailing stop's price below `best`.
decimal trailing_price(const safety_levels& lv, decimal best);

/// The higher of the stop-loss and, once armed, the trailing stop: the one
/// a falling price reaches first.
stop_level stop_of(const safety_levels& lv, const position& p);

/// A price of the position's symbol: raises its best price, arms the
/// trailing stop once the best price reached the activation, and names the
/// stop the price is at or below, if any.
std::optional<stop_level> check_price(const safety_levels& lv, position& p, decimal price);

} // namespace tn
