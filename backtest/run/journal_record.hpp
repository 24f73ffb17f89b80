#pragma once

// A finished backtest's fills and closed positions, read back from its
// journal (the paper broker and the tracker journal every one). Pure: SQLite
// only, no actors.

#include "backtest/record.hpp"

#include <string>

namespace tn::backtest {

/// Appends the fills (in execution order, each with its order's reason and
/// decision) and the closed positions (in close order) of the journal at
/// `path` to `out`. False with the reason in `error`.
bool read_journal_record(const std::string& path, record& out, std::string& error);

} // namespace tn::backtest
