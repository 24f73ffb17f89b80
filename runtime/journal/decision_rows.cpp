#include "runtime/journal/decision_rows.hpp"

#include "runtime/journal/decision_json.hpp"
#include "runtime/journal/row_io.hpp"
#include "runtime/journal/sqlite.hpp"

namespace tn {

namespace {

// The columns, in the order decision_columns walks a record.
constexpr const char* columns[] = {
  "ts_ns", "source", "trigger_reason", "trigger_symbol", "trigger_detail", "trigger_ts_ns",
  "backend", "model", "prompt_hash", "model_outcome", "raw_response", "latency_ns", "attempts",
  "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
  "cost_usd", "next_check_seconds", "memory_update", "reasoning", "whole_rejected", "rejected",
  "adjusted", "symbol_decisions", "wake_conditions", "history_gaps", "cost_in_budget",
};

constexpr decision_source all_sources[] = {decision_source::model, decision_source::evaluator};

/// Walks the fields of `x` in `columns` order with `row`: a binder writes
/// them, a column_reader reads them, so both follow one list.
template <class Row, class Record>
Row& decision_columns(Row& row, Record& x) {
  auto& d = x.chosen;
  return row.time(d.ts)
    .name(all_sources, d.source)
    .name(all_pass_reasons, x.trigger.reason)
    .text(x.trigger.symbol)
    .text(x.trigger.detail)
    .time(x.trigger.ts)
    .text(x.backend)
    .text(d.model)
    .text(d.prompt_hash)
    .text(x.model_outcome)
    .text(x.raw_response)
    .span(x.latency)
    .count(x.attempts)
    .count(d.usage.input_tokens)
    .count(d.usage.output_tokens)
    .count(d.usage.cache_creation_input_tokens)
    .count(d.usage.cache_read_input_tokens)
    .real(d.cost_usd)
    .integer(d.next_check_seconds)
    .text(d.memory_update)
    .text(d.reasoning)
    .flag(d.validation.whole_rejected)
    .json(d.validation.rejected)
    .json(d.validation.adjusted)
    .json(d.decisions)
    .json(d.wake_conditions)
    .text(x.history_gaps)
    .flag(d.cost_in_budget);
}

} // namespace

const std::string& insert_decision_sql() {
  static const std::string sql = insert_sql("INSERT", "decisions", columns);
  return sql;
}

const std::string& last_decisions_sql() {
  static const std::string sql
    = "SELECT " + list_of(columns) + " FROM decisions ORDER BY id DESC LIMIT ?1";
  return sql;
}

void bind_decision(sql::statement& stmt, const decision_record& x) {
  binder row{stmt};
  decision_columns(row, x);
}

bool read_decision(const sql::statement& stmt, decision_record& out, std::string& error) {
  error.clear();
  column_reader row{stmt, columns, error};
  return decision_columns(row, out).ok();
}

} // namespace tn
