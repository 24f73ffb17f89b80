#pragma once

// One CSV field as RFC 4180 writes it, for trades.csv and a sweep's
// summary.csv. Pure.

#include <string>

namespace tn::backtest {

/// `text` as it is, or quoted (quotes doubled) when it holds a comma, a
/// quote or a line break.
std::string csv_field(const std::string& text);

} // namespace tn::backtest
