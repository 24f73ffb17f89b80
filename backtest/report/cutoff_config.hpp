#pragma once

// Reads the table of model training cutoffs from the config, for the
// backtest section's reader (a map of model id prefix to YYYY-MM-DD):
//
//   backtest:
//     model_cutoffs:
//       claude-sonnet-4-5: 2025-07-31
//       claude-opus-4-1: 2025-03-31
//
// (check the model's page for its cutoff). Refusals go through the
// reader's context: FILE:LINE:COLUMN: backtest.model_cutoffs.X: reason.

#include "backtest/report/cutoff.hpp"
#include "runtime/config/yaml_reader.hpp"

#include <string_view>

namespace tn::backtest {

/// The entries under `key` of `section`, each a real date.
model_cutoffs read_model_cutoffs(const detail::map_reader& section,
                                 std::string_view key = "model_cutoffs");

} // namespace tn::backtest
