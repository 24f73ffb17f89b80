#pragma once

// Thin RAII over the SQLite C API: a connection, prepared statements and
// transactions. A failed call throws sql::failure; journal_db turns it into
// a caf::error at its API, so no exception leaves the journal.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tn::sql {

/// A failed SQLite call: SQLite's primary result code and its message.
class failure : public std::runtime_error {
public:
  failure(int code, const std::string& what);

  /// The primary result code (SQLITE_NOTADB, SQLITE_CORRUPT, ...).
  int code() const;

private:
  int code_;
};

/// An open database connection.
class connection {
public:
  /// Opens the database file at `path`, creating it if missing.
  explicit connection(const std::string& path);

  /// Opens the existing database file at `path` for reading only.
  struct read_only_t {};
  connection(const std::string& path, read_only_t);

  sqlite3* get() const;

  /// Runs one or more statements that return no rows.
  void exec(const std::string& sql);

  /// Closes the connection; every statement on it must be gone. The
  /// destructor closes too, but cannot report a failure.
  void close();

private:
  struct closer {
    void operator()(sqlite3* db) const;
  };
  std::unique_ptr<sqlite3, closer> db_;
};

/// A prepared statement. Parameters and columns are numbered as SQLite
/// numbers them: parameters from 1, columns from 0.
class statement {
public:
  statement(const connection& db, std::string_view sql);

  statement& bind(int index, int64_t x);
  statement& bind(int index, double x);
  statement& bind(int index, std::string_view x);

  /// Runs to the next row; false when there is none left.
  bool step();

  /// Runs a statement that returns no rows; returns the rows it changed.
  int64_t run();

  int64_t int64_at(int column) const;
  double double_at(int column) const;
  std::string text_at(int column) const;

  /// Makes the statement ready to run again; bindings are kept.
  void reset();

private:
  struct finalizer {
    void operator()(sqlite3_stmt* stmt) const;
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
};

/// BEGIN IMMEDIATE on construction; rolls back on destruction unless
/// committed, so an exception midway leaves nothing half-written.
class transaction {
public:
  explicit transaction(connection& db);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;

  void commit();

private:
  connection& db_;
  bool open_ = true;
};

/// Runs a query that returns one text value, e.g. "PRAGMA journal_mode=WAL".
std::string query_text(const connection& db, const std::string& sql);

/// Runs a query that returns one integer, e.g. "PRAGMA user_version".
int64_t query_int64(const connection& db, const std::string& sql);

} // namespace tn::sql
