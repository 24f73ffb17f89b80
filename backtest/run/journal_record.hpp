#pragma once

// A finished backtest's fills and closed positions, read back from its
// journal (the paper broker and the tracker journal every one). Pure: SQLite
// only, no actors.

#include "backtest/record.hpp"

#include <string>

namespace tn::sql {
class connection;
} // namespace tn::sql

namespace tn::backtest {

/// Appends the fills (in execution order, each with its order's reason and
/// decision), the closed positions (in close order) and the funding
/// payments (in time order) of the journal at
/// `path` to `out`. False with the reason in `error`.
/// With out.model.mode cache or live, also the model's use (see
/// read_model_usage).
bool read_journal_record(const std::string& path, record& out, std::string& error);

/// The model's use over a run, from its journal's decisions: with `out.mode`
/// live, every decision the model answered (ok, rejected) or failed counts
/// as a call; with cache, every answered one as a cache hit; a not_cached
/// decision (the evaluator decided) as a cache miss. Decisions that asked
/// nobody (budget exhausted, breaker open) count in neither. Tokens (input
/// with the provider's prompt-cache tokens) and cost are the journaled
/// ones: a cache hit's are 0, nothing was called. Mode off: nothing read.
/// Throws sql::failure.
void read_model_usage(sql::connection& db, model_usage& out);

} // namespace tn::backtest
