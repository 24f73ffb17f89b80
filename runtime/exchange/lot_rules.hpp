#pragma once

// The lot rules the position tracker sells by, taken from the exchange's
// filters and turned back into filters to round with. Pure.

#include "messages/lot_rule.hpp"
#include "runtime/exchange/symbol_filters.hpp"

#include <vector>

namespace tn {

/// Every symbol's LOT_SIZE and MARKET_LOT_SIZE, by symbol.
std::vector<lot_rule> lot_rules_of(const exchange_filters& filters);

/// Filters holding only `x`'s lot parts, for round_quantity().
symbol_filters lot_filters_of(const lot_rule& x);

} // namespace tn
