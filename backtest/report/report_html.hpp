#pragma once

// report.html: one self-contained page (no external script, font, style
// sheet or image; charts are inline SVG) with the warnings first, the
// metrics of the run beside the evaluator-only run and buy-and-hold, the
// equity, drawdown and per-symbol price charts with entries and exits,
// per-symbol stats, model usage, the gate's pass rates and the trades.
// Every text from the record is escaped. Deterministic like report.json.

#include "backtest/record.hpp"
#include "backtest/report/metrics.hpp"

#include <string>

namespace tn::backtest {

/// The page for `run` and its evaluator_comparison (report_json.hpp).
std::string report_html(const record& run, const record* evaluator_only);

/// As above with the metrics computed already (compute_metrics of `run`
/// and of `evaluator_only`; both null or both given).
std::string report_html(const record& run, const metrics& m, const record* evaluator_only,
                        const metrics* evaluator_metrics);

/// "3d 4h 5m", "0m" for durations under a minute.
std::string human_duration(timespan x);

} // namespace tn::backtest
