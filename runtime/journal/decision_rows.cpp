#include "runtime/journal/decision_rows.hpp"

#include "runtime/journal/decision_json.hpp"
#include "runtime/journal/sqlite.hpp"

#include <iterator>

namespace tn {

namespace {

// The columns, in the order decision_columns walks a record.
constexpr const char* columns[] = {
  "ts_ns", "source", "trigger_reason", "trigger_symbol", "trigger_detail", "trigger_ts_ns",
  "backend", "model", "prompt_hash", "model_outcome", "raw_response", "latency_ns", "attempts",
  "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
  "cost_usd", "next_check_seconds", "memory_update", "reasoning", "whole_rejected", "rejected",
  "adjusted", "symbol_decisions", "wake_conditions", "history_gaps",
};

std::string column_list() {
  std::string out;
  for (auto name : columns)
    out += out.empty() ? name : std::string{", "} + name;
  return out;
}

constexpr decision_source all_sources[] = {decision_source::model, decision_source::evaluator};

/// The value of `values` whose name is `text`.
template <class Enum, size_t N>
bool parse_name(std::string_view text, const Enum (&values)[N], Enum& out) {
  for (auto x : values)
    if (text == to_string(x)) {
      out = x;
      return true;
    }
  return false;
}

int64_t nanoseconds(timestamp t) {
  return t.time_since_epoch().count();
}

/// Binds parameters 1, 2, ... in turn.
class binder {
public:
  explicit binder(sql::statement& stmt) : stmt_(stmt) {
  }

  binder& text(std::string_view x) {
    stmt_.bind(++index_, x);
    return *this;
  }

  binder& integer(int64_t x) {
    stmt_.bind(++index_, x);
    return *this;
  }

  /// Stored as SQLite's signed integer; the cast back restores every bit.
  binder& count(uint64_t x) {
    return integer(static_cast<int64_t>(x));
  }

  binder& real(double x) {
    stmt_.bind(++index_, x);
    return *this;
  }

  binder& time(timestamp x) {
    return integer(nanoseconds(x));
  }

  binder& span(timespan x) {
    return integer(x.count());
  }

  binder& flag(bool x) {
    return integer(x ? 1 : 0);
  }

  /// `values` is what column_reader::name parses back from.
  template <class Enum, size_t N>
  binder& name(const Enum (&)[N], Enum x) {
    return text(to_string(x));
  }

  template <class T>
  binder& json(const std::vector<T>& xs) {
    return text(to_json(xs));
  }

private:
  sql::statement& stmt_;
  int index_ = 0;
};

/// Reads columns 0, 1, ... in turn; the first unreadable one is named in
/// `error`.
class column_reader {
public:
  column_reader(const sql::statement& stmt, std::string& error) : stmt_(stmt), error_(error) {
  }

  bool ok() const {
    return error_.empty();
  }

  column_reader& text(std::string& out) {
    out = stmt_.text_at(index_++);
    return *this;
  }

  column_reader& integer(int64_t& out) {
    out = stmt_.int64_at(index_++);
    return *this;
  }

  template <class Unsigned>
  column_reader& count(Unsigned& out) {
    out = static_cast<Unsigned>(stmt_.int64_at(index_++));
    return *this;
  }

  column_reader& real(double& out) {
    out = stmt_.double_at(index_++);
    return *this;
  }

  column_reader& time(timestamp& out) {
    out = timestamp{timespan{stmt_.int64_at(index_++)}};
    return *this;
  }

  column_reader& span(timespan& out) {
    out = timespan{stmt_.int64_at(index_++)};
    return *this;
  }

  column_reader& flag(bool& out) {
    out = stmt_.int64_at(index_++) != 0;
    return *this;
  }

  template <class Enum, size_t N>
  column_reader& name(const Enum (&values)[N], Enum& out) {
    auto column = index_;
    auto text = stmt_.text_at(index_++);
    if (ok() && !parse_name(text, values, out))
      error_ = std::string{columns[column]} + ": '" + text + "' is not one of the names written";
    return *this;
  }

  template <class T>
  column_reader& json(std::vector<T>& out) {
    auto column = index_;
    auto text = stmt_.text_at(index_++);
    std::string why;
    if (ok() && !from_json(text, out, why))
      error_ = std::string{columns[column]} + ": " + why;
    return *this;
  }

private:
  const sql::statement& stmt_;
  std::string& error_;
  int index_ = 0;
};

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
    .text(x.history_gaps);
}

} // namespace

const std::string& insert_decision_sql() {
  static const std::string sql = [] {
    std::string marks;
    for (size_t i = 0; i < std::size(columns); ++i)
      marks += i == 0 ? "?" : ", ?";
    return "INSERT INTO decisions(" + column_list() + ") VALUES(" + marks + ")";
  }();
  return sql;
}

const std::string& last_decisions_sql() {
  static const std::string sql
    = "SELECT " + column_list() + " FROM decisions ORDER BY id DESC LIMIT ?1";
  return sql;
}

void bind_decision(sql::statement& stmt, const decision_record& x) {
  binder row{stmt};
  decision_columns(row, x);
}

bool read_decision(const sql::statement& stmt, decision_record& out, std::string& error) {
  error.clear();
  column_reader row{stmt, error};
  return decision_columns(row, out).ok();
}

} // namespace tn
