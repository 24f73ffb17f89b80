#include "runtime/journal/sqlite.hpp"

#include <sqlite3.h>

namespace tn::sql {

namespace {

[[noreturn]] void fail(sqlite3* db, int code) {
  // The connection's message is more specific than the code's.
  throw failure(code & 0xff, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
}

void check(sqlite3* db, int code) {
  if (code != SQLITE_OK)
    fail(db, code);
}

/// Before SQLite's first use in the process: no memory statistics (nothing
/// reads them), so no allocation takes SQLite's global memory mutex; a
/// journal row costs a dozen allocations. Too late once SQLite is in use
/// (SQLITE_MISUSE): then the statistics stay on, which only costs time.
void configure_once() {
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
}

/// Each connection is used by one thread at a time (the journal actor's,
/// or the reader that opened it), never by two at once: it needs no mutex
/// of its own on every call.
constexpr int single_user = SQLITE_OPEN_NOMUTEX;

} // namespace

// -- failure ---------------------------------------------------------------------

failure::failure(int code, const std::string& what) : std::runtime_error(what), code_(code) {
}

int failure::code() const {
  return code_;
}

// -- connection ------------------------------------------------------------------

void connection::closer::operator()(sqlite3* db) const {
  sqlite3_close_v2(db);
}

connection::connection(const std::string& path) {
  configure_once();
  sqlite3* db = nullptr;
  auto rc = sqlite3_open_v2(path.c_str(), &db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | single_user, nullptr);
  // SQLite hands out a handle even on failure; it carries the message.
  db_.reset(db);
  check(db, rc);
  sqlite3_extended_result_codes(db, 1);
}

connection::connection(const std::string& path, read_only_t) {
  configure_once();
  sqlite3* db = nullptr;
  auto rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | single_user, nullptr);
  db_.reset(db);
  check(db, rc);
  sqlite3_extended_result_codes(db, 1);
}

sqlite3* connection::get() const {
  return db_.get();
}

void connection::exec(const std::string& sql) {
  check(db_.get(), sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr));
}

void connection::close() {
  if (!db_)
    return;
  auto rc = sqlite3_close(db_.get());
  if (rc != SQLITE_OK)
    fail(db_.get(), rc);
  db_.release();
}

// -- statement -------------------------------------------------------------------

void statement::finalizer::operator()(sqlite3_stmt* stmt) const {
  sqlite3_finalize(stmt);
}

statement::statement(const connection& db, std::string_view sql) : db_(db.get()) {
  sqlite3_stmt* stmt = nullptr;
  auto rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  stmt_.reset(stmt);
  check(db_, rc);
}

statement& statement::bind(int index, int64_t x) {
  check(db_, sqlite3_bind_int64(stmt_.get(), index, x));
  return *this;
}

statement& statement::bind(int index, double x) {
  check(db_, sqlite3_bind_double(stmt_.get(), index, x));
  return *this;
}

statement& statement::bind(int index, std::string_view x) {
  check(db_, sqlite3_bind_text(stmt_.get(), index, x.data(), static_cast<int>(x.size()),
                               SQLITE_TRANSIENT));
  return *this;
}

bool statement::step() {
  auto rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW)
    return true;
  if (rc == SQLITE_DONE)
    return false;
  // Leave the statement reusable after a failed step.
  sqlite3_reset(stmt_.get());
  fail(db_, rc);
}

int64_t statement::run() {
  while (step())
    ; // rows of a statement run for its effect are of no interest
  auto changed = sqlite3_changes64(db_);
  reset();
  return changed;
}

int64_t statement::int64_at(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

double statement::double_at(int column) const {
  return sqlite3_column_double(stmt_.get(), column);
}

std::string statement::text_at(int column) const {
  auto text = sqlite3_column_text(stmt_.get(), column);
  auto size = sqlite3_column_bytes(stmt_.get(), column);
  return text ? std::string{reinterpret_cast<const char*>(text), static_cast<size_t>(size)}
              : std::string{};
}

void statement::reset() {
  sqlite3_reset(stmt_.get());
}

// -- transaction -----------------------------------------------------------------

transaction::transaction(connection& db) : db_(db) {
  // IMMEDIATE takes the write lock now, not at the first write.
  db_.exec("BEGIN IMMEDIATE");
}

transaction::~transaction() {
  if (open_)
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

// -- queries ---------------------------------------------------------------------

std::string query_text(const connection& db, const std::string& sql) {
  statement stmt{db, sql};
  return stmt.step() ? stmt.text_at(0) : std::string{};
}

int64_t query_int64(const connection& db, const std::string& sql) {
  statement stmt{db, sql};
  return stmt.step() ? stmt.int64_at(0) : 0;
}

} // namespace tn::sql
