#pragma once

// trades.csv: one row per fill of a backtest, its event time in ISO 8601
// UTC in the first column. Pure.

#include "backtest/record.hpp"

#include <string>

namespace tn::backtest {

/// The header line and one line per fill of `r`, in order.
std::string trades_csv(const record& r);

} // namespace tn::backtest
