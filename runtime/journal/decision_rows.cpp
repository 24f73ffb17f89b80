#include "runtime/journal/decision_rows.hpp"

#include "runtime/journal/decision_json.hpp"
#include "runtime/journal/sqlite.hpp"

#include <iterator>

namespace tn {

namespace {

// The columns, in the order bind_decision binds and read_decision reads.
constexpr const char* columns[] = {
  "ts_ns", "source", "trigger_reason", "trigger_symbol", "trigger_detail", "trigger_ts_ns",
  "backend", "model", "prompt_hash", "model_outcome", "raw_response", "latency_ns", "attempts",
  "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
  "cost_usd", "next_check_seconds", "memory_update", "reasoning", "whole_rejected", "rejected",
  "adjusted", "symbol_decisions", "wake_conditions",
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
  auto& d = x.chosen;
  binder{stmt}
    .integer(nanoseconds(d.ts))
    .text(to_string(d.source))
    .text(to_string(x.trigger.reason))
    .text(x.trigger.symbol)
    .text(x.trigger.detail)
    .integer(nanoseconds(x.trigger.ts))
    .text(x.backend)
    .text(d.model)
    .text(d.prompt_hash)
    .text(x.model_outcome)
    .text(x.raw_response)
    .integer(x.latency.count())
    .count(x.attempts)
    .count(d.usage.input_tokens)
    .count(d.usage.output_tokens)
    .count(d.usage.cache_creation_input_tokens)
    .count(d.usage.cache_read_input_tokens)
    .real(d.cost_usd)
    .integer(d.next_check_seconds)
    .text(d.memory_update)
    .text(d.reasoning)
    .integer(d.validation.whole_rejected ? 1 : 0)
    .text(to_json(d.validation.rejected))
    .text(to_json(d.validation.adjusted))
    .text(to_json(d.decisions))
    .text(to_json(d.wake_conditions));
}

bool read_decision(const sql::statement& stmt, decision_record& out, std::string& error) {
  error.clear();
  auto& d = out.chosen;
  int64_t latency_ns = 0;
  auto ok = column_reader{stmt, error}
              .time(d.ts)
              .name(all_sources, d.source)
              .name(all_pass_reasons, out.trigger.reason)
              .text(out.trigger.symbol)
              .text(out.trigger.detail)
              .time(out.trigger.ts)
              .text(out.backend)
              .text(d.model)
              .text(d.prompt_hash)
              .text(out.model_outcome)
              .text(out.raw_response)
              .integer(latency_ns)
              .count(out.attempts)
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
              .ok();
  out.latency = timespan{latency_ns};
  return ok;
}

} // namespace tn
