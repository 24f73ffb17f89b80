#pragma once

// report.json until the report (backtest/report/) is merged: the run's
// basic totals only, to be replaced by write_report(). Pure.

#include "backtest/record.hpp"

#include <string>

namespace tn::backtest {

/// The totals of `r` as a JSON object: period, candles, fills, closed
/// trades, realised PnL, fees, starting and final equity.
std::string basic_report_json(const record& r);

} // namespace tn::backtest
