#pragma once

// A decision_record as one row of the journal's decisions table (schema
// version 3, runtime/journal/migrations.cpp) and back. Every field of the
// record has a column: scalars as they are (times in nanoseconds, token
// counts as integers, enums by their schema names), lists as JSON
// (runtime/journal/decision_json.hpp). Pure over sql::statement.

#include "messages/decision.hpp"

#include <string>

namespace tn {

namespace sql {
class statement;
}

/// INSERT of one decision; bind it with bind_decision.
const std::string& insert_decision_sql();

/// SELECT of the last ?1 decisions, newest first; read each row with
/// read_decision.
const std::string& last_decisions_sql();

/// Binds every column of `x` to a statement of insert_decision_sql().
void bind_decision(sql::statement& stmt, const decision_record& x);

/// Reads the current row of a statement of last_decisions_sql() into `out`.
/// Returns false and says which column is unreadable in `error` (an enum
/// name or a JSON list this build does not know).
bool read_decision(const sql::statement& stmt, decision_record& out, std::string& error);

} // namespace tn
