#pragma once

// Field-by-field validation of the model's decision input against the
// limits the schema was generated from. The model's output is data, never
// authority: text fields are copied, never interpreted.
//
// Policy: a bad per-symbol entry rejects that symbol's decision (the
// symbol holds); a bad wake condition is dropped; a too long memory_update
// leaves the memory unchanged; a structural fault at the top level (not an
// object, missing, unexpected or duplicate field, wrong type) rejects the
// whole decision (every symbol holds). next_check_seconds outside the
// limits is clamped, which is not a rejection but is reported.

#include "actors/agent/decision_schema.hpp"
#include "messages/decision.hpp"

#include <string_view>

namespace tn {

/// Validates `input_json` (a model_reply's input_json). The result has
/// source model and its `validation` filled; the caller sets ts, model,
/// prompt_hash, usage and cost. When the whole answer is rejected,
/// `decisions` and `wake_conditions` are empty, next_check_seconds is 0
/// (the gate keeps its own schedule) and only `reasoning` is kept, if it
/// is a string, for the journal.
decision validate_decision(std::string_view input_json, const decision_limits& limits);

/// Characters (Unicode code points) of UTF-8 text.
size_t utf8_length(std::string_view text);

} // namespace tn
