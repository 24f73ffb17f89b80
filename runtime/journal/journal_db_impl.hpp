#pragma once

// The private state of journal_db, shared by the source files that
// implement it (journal_db.cpp, execution_db.cpp). Not for other users.

#include "messages/error.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/sqlite.hpp"

#include <sqlite3.h>

#include <caf/expected.hpp>

#include <optional>
#include <string>

namespace tn {

/// synchronous=FULL for one write: its commit syncs the log, so it
/// survives a power cut once acknowledged.
class synced_write {
public:
  explicit synced_write(sql::connection& db) : db_(db) {
    db_.exec("PRAGMA synchronous=FULL");
  }
  ~synced_write() {
    sqlite3_exec(db_.get(), "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
  }
  synced_write(const synced_write&) = delete;
  synced_write& operator=(const synced_write&) = delete;

private:
  sql::connection& db_;
};

struct journal_db::impl {
  explicit impl(const std::string& file) : path(file), name("journal " + file), db(file) {
  }

  std::string path;
  std::string name; // names the file in errors
  sql::connection db;
  // Declared after the connection: statements must go before it closes.
  std::optional<sql::statement> insert_event;
  std::optional<sql::statement> insert_candle;
  std::optional<sql::statement> insert_decision;
  int64_t version = 0;
  uint64_t commits = 0;
  last_close previous = last_close::none;

  caf::error failed(const std::string& what, const sql::failure& x) const {
    return caf::make_error(ec::storage_error, name + ": " + what + " failed: " + x.what());
  }

  /// Runs `f` in one transaction, synced to disk when `durable`.
  template <class F>
  caf::error write(const std::string& what, F f, bool durable = false) {
    try {
      std::optional<synced_write> sync;
      if (durable)
        sync.emplace(db);
      sql::transaction tx{db};
      f();
      tx.commit();
      ++commits;
      return caf::none;
    } catch (const sql::failure& x) {
      return failed(what, x);
    }
  }

  /// The value `f` reads, or why reading failed.
  template <class F>
  auto read(const std::string& what, F f) -> caf::expected<decltype(f())> {
    try {
      return f();
    } catch (const sql::failure& x) {
      return failed(what, x);
    }
  }
};

} // namespace tn
