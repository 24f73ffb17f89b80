#pragma once

// Writes a run's outputs into a directory: report.json, report.html and
// trades.csv (one row per fill, its event time in ISO 8601 UTC first).
// The only file I/O of the report; everything it writes comes from the
// pure functions beside it.

#include "backtest/record.hpp"

#include <string>

namespace tn::backtest {

/// trades.csv's text: a header, then one row per fill in record order.
std::string trades_csv(const record& run);

/// funding.csv's text: a header, then one row per funding payment (a
/// futures run's) in record order: its funding time (ISO 8601 UTC), the
/// symbol, the signed position, the mark price, the rate and the amount
/// received (negative: paid).
std::string funding_csv(const record& run);

/// Creates `dir` (and its parents) if missing and writes the three files
/// (a futures run also funding.csv).
/// False with `error` set ("cannot write out/report.html: Permission
/// denied") when a file cannot be written.
bool write_report(const record& run, const record* evaluator_only, const std::string& dir,
                  std::string& error);

} // namespace tn::backtest
