#pragma once

// The position tracker sells what a position holds and rests stops where
// its safety layer watches; neither need lie on the exchange's grids (a
// base-asset fee leaves a quantity off the lot step; a stop is a share of
// the entry). A broker with the exchange's rules fits such a sell to them
// before it journals it. Pure: no CAF.

#include "messages/order.hpp"
#include "runtime/exchange/symbol_filters.hpp"

#include <string>

namespace tn {

/// Rounds a reduce-only sell down to the lot step (and, for a market order,
/// the market lot step), its limit and stop prices down to the tick; never
/// more than asked. Other orders are left alone. "" when it can be sent,
/// else why not (nothing left on the step: dust).
std::string fit_sell(const symbol_filters& f, order_request& x);

} // namespace tn
