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

/// One write inside a longer transaction (a batch): SAVEPOINT on
/// construction, rolled back to on destruction unless released, so a write
/// stays all or none within its batch. The SAVEPOINT and RELEASE statements
/// are the journal's, prepared once.
class batched_write {
public:
  batched_write(sql::connection& db, sql::statement& savepoint, sql::statement& release)
    : db_(db), release_(release) {
    savepoint.run();
  }
  ~batched_write() {
    if (open_) {
      sqlite3_exec(db_.get(), "ROLLBACK TO tn_write", nullptr, nullptr, nullptr);
      sqlite3_exec(db_.get(), "RELEASE tn_write", nullptr, nullptr, nullptr);
    }
  }
  batched_write(const batched_write&) = delete;
  batched_write& operator=(const batched_write&) = delete;

  void release() {
    release_.run();
    open_ = false;
  }

private:
  sql::connection& db_;
  sql::statement& release_;
  bool open_ = true;
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
  std::optional<sql::statement> insert_verdict;
  std::optional<sql::statement> save_schedule;
  std::optional<sql::statement> last_decision_id; // asked after every decision
  std::optional<sql::statement> client_id_epoch;  // asked before every risk check
  std::optional<sql::statement> savepoint; // a batched write's (batched_write)
  std::optional<sql::statement> release;
  int64_t version = 0;
  uint64_t commits = 0;
  last_close previous = last_close::none;
  uint32_t batch = 0;    // writes per commit; 0: each write commits, synced when durable
  uint32_t in_batch = 0; // writes in the open batch
  bool batch_open = false;
  // In batches: the gate's newest schedule, not yet written. The row holds
  // only the newest one, and the gate replaces it at every check; in a
  // batch it is written once, when the batch commits (commit_batch()).
  std::optional<gate_schedule> pending_schedule;

  caf::error failed(const std::string& what, const sql::failure& x) const {
    return caf::make_error(ec::storage_error, name + ": " + what + " failed: " + x.what());
  }

  /// Prepares the statements the journal runs on every write, and the
  /// queries it answers for every decision.
  void prepare_writes(const char* event_sql, const char* candle_sql,
                      const std::string& decision_sql, const std::string& verdict_sql) {
    insert_event.emplace(db, event_sql);
    save_schedule.emplace(db, "INSERT OR REPLACE INTO gate_schedule(id, ts_ns, next_check_ns,"
                              " passes_today, wake_conditions) VALUES(1, ?1, ?2, ?3, ?4)");
    last_decision_id.emplace(db, "SELECT COALESCE(MAX(id), 0) FROM decisions");
    client_id_epoch.emplace(db, "SELECT value FROM journal_meta WHERE key = 'client_id_epoch'");
    insert_candle.emplace(db, candle_sql);
    insert_decision.emplace(db, decision_sql);
    insert_verdict.emplace(db, verdict_sql);
    savepoint.emplace(db, "SAVEPOINT tn_write");
    release.emplace(db, "RELEASE tn_write");
  }

  /// Finalizes them: the connection closes only without statements.
  void finalize_writes() {
    insert_event.reset();
    insert_candle.reset();
    insert_decision.reset();
    insert_verdict.reset();
    save_schedule.reset();
    last_decision_id.reset();
    client_id_epoch.reset();
    savepoint.reset();
    release.reset();
  }

  /// Writes the gate's schedule, replacing the one kept before.
  void write_schedule(const gate_schedule& x);

  /// Writes the pending schedule into the open batch, opening one if none
  /// is. A failed write keeps it pending, for the next commit.
  void write_pending_schedule() {
    if (!pending_schedule)
      return;
    if (!batch_open || sqlite3_get_autocommit(db.get()) != 0) {
      db.exec("BEGIN IMMEDIATE");
      batch_open = true;
      in_batch = 0;
    }
    write_schedule(*pending_schedule);
    pending_schedule.reset();
  }

  /// Commits the open batch, if any, with the pending schedule.
  void commit_batch() {
    write_pending_schedule();
    if (!batch_open)
      return;
    batch_open = false;
    in_batch = 0;
    // A failure that rolled the whole transaction back (a full disk) has
    // left it already: there is nothing to commit.
    if (sqlite3_get_autocommit(db.get()) != 0)
      return;
    db.exec("COMMIT");
    ++commits;
  }

  /// Runs `f` in one transaction, synced to disk when `durable`; in batches
  /// (write_in_batches()), as one savepoint of the open batch, never synced.
  template <class F>
  caf::error write(const std::string& what, F f, bool durable = false) {
    return write_as(what, f, durable, true);
  }

  /// As write(), for a write of one statement: SQLite keeps a statement
  /// all or none by itself (a failed one leaves no row), so in a batch it
  /// needs no savepoint of its own.
  template <class F>
  caf::error write_one(const std::string& what, F f, bool durable = false) {
    return write_as(what, f, durable, false);
  }

  template <class F>
  caf::error write_as(const std::string& what, F& f, bool durable, bool savepoint) {
    try {
      if (batch > 0)
        return write_batched(f, savepoint);
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

  template <class F>
  caf::error write_batched(F& f, bool savepoint) {
    if (batch_open && sqlite3_get_autocommit(db.get()) != 0)
      batch_open = false; // rolled back by SQLite after a failure
    if (!batch_open) {
      db.exec("BEGIN IMMEDIATE");
      batch_open = true;
      in_batch = 0;
    }
    if (savepoint) {
      batched_write one{db, *this->savepoint, *release};
      f();
      one.release();
    } else {
      f();
    }
    if (++in_batch >= batch)
      commit_batch();
    return caf::none;
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
