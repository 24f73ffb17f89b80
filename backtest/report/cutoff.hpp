#pragma once

// The training-cutoff warning: a model that was trained on the backtest's
// period may have seen those prices, so its decisions there are not out of
// sample. The table of known cutoffs comes from config (by model id
// prefix, like agent.prices; see configs/backtest.yaml), so new models need
// no code. Pure.

#include "messages/fwd.hpp"

#include <map>
#include <optional>
#include <string>

namespace tn::backtest {

/// Training cutoff by model id prefix ("claude-sonnet-4-5" covers
/// "claude-sonnet-4-5-20250929"); the longest matching prefix wins.
using model_cutoffs = std::map<std::string, timestamp>;

/// "2025-07-31" as midnight UTC of that day; nothing unless a real date in
/// exactly that form.
std::optional<timestamp> parse_cutoff_date(const std::string& text);

/// The warning for a run of `model` over [from, to], or "" when none is
/// due: no model (the evaluator decides), or the whole period after the
/// model's cutoff. A model missing from the table gets a warning that its
/// cutoff is unknown.
std::string cutoff_warning(const std::string& model, const model_cutoffs& cutoffs,
                           timestamp from, timestamp to);

} // namespace tn::backtest
