#pragma once

// report.json: the run's metrics, and the evaluator-only run's beside them
// when there is one, in a fixed key order with deterministically formatted
// numbers, so two runs of the same data and config give identical bytes.
// Amounts are exact decimal strings; ratios are numbers (10 significant
// digits) or null when undefined. Times are ISO 8601 UTC event times; no
// wall clock appears anywhere.

#include "backtest/record.hpp"
#include "backtest/report/metrics.hpp"

#include <string>

namespace tn::backtest {

/// The evaluator-only comparison of `run`: `evaluator_only` (a second pass
/// with agent.backtest off) when given; else `run` itself when the
/// evaluator decided it (agent.backtest off: the run is its own comparison,
/// run once, its figures in both columns); else null (a model's run whose
/// pass is missing).
const record* evaluator_comparison(const record& run, const record* evaluator_only);

/// The document for `run` and its evaluator_comparison.
std::string report_json(const record& run, const record* evaluator_only);

/// As above with the metrics computed already (compute_metrics of `run`
/// and of its evaluator_comparison, null when there is none).
std::string report_json(const record& run, const metrics& m, const metrics* evaluator_only);

/// What the evaluator-only comparison is for this run: with a model
/// (agent.backtest cache or live) and its evaluator-only pass, that a
/// second pass of the same data with agent.backtest off made it; with a
/// model but no pass, that it is missing (the warnings say why); with the
/// evaluator deciding (mode off), that the run is its own evaluator-only
/// comparison, run once.
std::string evaluator_only_note(const record& run, bool has_evaluator_only);

/// A ratio as the report writes it: 10 significant digits, "null" when
/// undefined or not finite.
std::string format_ratio(std::optional<double> x);

} // namespace tn::backtest
