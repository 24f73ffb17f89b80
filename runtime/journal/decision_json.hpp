#pragma once

// The list-valued parts of a decision as the journal stores them: JSON
// arrays, one per column of the decisions table. Names and enum spellings
// are the decision contract's (BUY, bullish, zscore_price, ">="), so a row
// reads like the model's answer. Pure: no SQLite, no actors.
//
//   symbol_decisions  [{"symbol","action","position_pct",
//                       "signals":[{"name","direction","confidence"}]}]
//   wake_conditions   [{"symbol","metric","op","threshold"}]
//   rejected/adjusted [{"path","reason"}]
//
// Numbers are written in their shortest form that reads back as the same
// double. Text is written as valid UTF-8 (invalid bytes become U+FFFD);
// non-finite numbers, which no valid decision holds, are written as null
// and refused when read.

#include "messages/decision.hpp"
#include "messages/gate.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn {

std::string to_json(const std::vector<symbol_decision>& xs);
std::string to_json(const std::vector<wake_condition>& xs);
std::string to_json(const std::vector<validation_issue>& xs);

/// Reads what to_json wrote into `out` (replacing its content). Every
/// member is required and must have the written type. Returns false and
/// says where and why in `error`, e.g. "[1].action: 'JUMP' is not one of
/// the names written".
bool from_json(std::string_view json, std::vector<symbol_decision>& out, std::string& error);
bool from_json(std::string_view json, std::vector<wake_condition>& out, std::string& error);
bool from_json(std::string_view json, std::vector<validation_issue>& out, std::string& error);

} // namespace tn
