#pragma once

// Reading and writing one journal row field by field: a binder binds a
// record's fields to parameters 1, 2, ..., a column_reader reads them back
// from columns 0, 1, ...; a table's rows module walks its record once with
// either, so writing and reading follow one list. Scalars are stored as
// they are (times in nanoseconds, counts as integers, enums by their names,
// money as its integer units of 10^-8, so every amount is exact), lists as
// JSON (runtime/journal/decision_json.hpp). Pure over sql::statement.

#include "messages/fwd.hpp"
#include "runtime/journal/decision_json.hpp"
#include "runtime/journal/sqlite.hpp"
#include "runtime/money/decimal.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

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

inline int64_t nanoseconds(timestamp t) {
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

  /// Exact: the decimal's integer units (10^-8).
  binder& money(decimal x) {
    return integer(x.units);
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
  /// `names` holds the name of every column read, in order.
  column_reader(const sql::statement& stmt, const char* const* names, std::string& error)
    : stmt_(stmt), names_(names), error_(error) {
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

  column_reader& money(decimal& out) {
    out = decimal::from_units(stmt_.int64_at(index_++));
    return *this;
  }

  template <class Enum, size_t N>
  column_reader& name(const Enum (&values)[N], Enum& out) {
    auto column = index_;
    auto text = stmt_.text_at(index_++);
    if (ok() && !parse_name(text, values, out))
      error_ = std::string{names_[column]} + ": '" + text + "' is not one of the names written";
    return *this;
  }

  template <class T>
  column_reader& json(std::vector<T>& out) {
    auto column = index_;
    auto text = stmt_.text_at(index_++);
    std::string why;
    if (ok() && !from_json(text, out, why))
      error_ = std::string{names_[column]} + ": " + why;
    return *this;
  }

private:
  const sql::statement& stmt_;
  const char* const* names_;
  std::string& error_;
  int index_ = 0;
};

/// "a, b, c": the column names of a table, for SELECT and INSERT.
template <size_t N>
std::string list_of(const char* const (&names)[N]) {
  std::string out;
  for (auto name : names)
    out += out.empty() ? name : std::string{", "} + name;
  return out;
}

/// "<verb> INTO table(a, b) VALUES(?, ?)" for the columns `names`.
template <size_t N>
std::string insert_sql(const char* verb, const char* table, const char* const (&names)[N]) {
  std::string marks;
  for (size_t i = 0; i < N; ++i)
    marks += i == 0 ? "?" : ", ?";
  return std::string{verb} + " INTO " + table + "(" + list_of(names) + ") VALUES(" + marks + ")";
}

} // namespace tn
