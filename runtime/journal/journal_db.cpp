#include "runtime/journal/journal_db.hpp"

#include "messages/error.hpp"
#include "runtime/journal/decision_json.hpp"
#include "runtime/journal/decision_rows.hpp"
#include "runtime/journal/execution_rows.hpp"
#include "runtime/journal/journal_db_impl.hpp"
#include "runtime/journal/migrations.hpp"
#include "runtime/journal/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace tn {

namespace {

constexpr const char* insert_event_sql
  = "INSERT INTO events(ts_ns, topic, level, text) VALUES(?, ?, ?, ?)";

constexpr const char* insert_candle_sql
  = "INSERT OR IGNORE INTO candles(symbol, interval, open_time_ms, open, high, low, close,"
    " volume, quote_volume, trades, taker_buy_volume) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Why a file cannot serve as the journal, in the operator's words.
std::string explain(const sql::failure& x) {
  switch (x.code()) {
    case SQLITE_NOTADB: return std::string{"not an SQLite database ("} + x.what() + ")";
    case SQLITE_CORRUPT: return std::string{"damaged ("} + x.what() + ")";
    case SQLITE_CANTOPEN: return std::string{"cannot open ("} + x.what() + ")";
    default: return x.what();
  }
}

constexpr const char* clean_marker = "clean_shutdown";

/// Reads how the last run left the file. Reading the schema is the first
/// access to the file: it fails on a file that is not a database.
last_close read_last_close(const sql::connection& db) {
  if (sql::query_int64(db, "SELECT count(*) FROM sqlite_master") == 0)
    return last_close::none;
  if (sql::query_int64(db, "SELECT count(*) FROM sqlite_master WHERE name = 'journal_meta'")
      == 0)
    return last_close::unmarked;
  sql::statement stmt{db, "SELECT count(*) FROM journal_meta WHERE key = ?"};
  stmt.bind(1, std::string_view{clean_marker});
  return stmt.step() && stmt.int64_at(0) > 0 ? last_close::clean : last_close::unclean;
}

/// Refuses a damaged file before anything is written to it. quick_check
/// reads every page once, far cheaper than appending to a journal that
/// recovery could not read back, but slow on a large file: open() runs it
/// only after a run that did not close the journal.
void check_integrity(const sql::connection& db) {
  auto verdict = sql::query_text(db, "PRAGMA quick_check(1)");
  if (verdict == "ok")
    return;
  const std::string banner = "*** in database main ***\n";
  if (verdict.compare(0, banner.size(), banner) == 0)
    verdict.erase(0, banner.size());
  throw sql::failure(SQLITE_CORRUPT, verdict);
}

void configure(sql::connection& db) {
  // WAL: readers never block the writer, and a commit appends to the log
  // instead of rewriting pages. NORMAL: a commit is durable once the log is
  // synced at the next checkpoint; a power cut may lose the last commits,
  // never corrupt the file.
  auto mode = sql::query_text(db, "PRAGMA journal_mode=WAL");
  if (mode != "wal")
    throw sql::failure(SQLITE_ERROR, "journal_mode stays '" + mode + "', WAL refused");
  db.exec("PRAGMA synchronous=NORMAL");
  // Off during migrations (they may rebuild tables); on for everything else.
  db.exec("PRAGMA foreign_keys=ON");
}

} // namespace

std::string journal_path(const std::string& data_dir) {
  return (std::filesystem::path{data_dir} / "journal.sqlite").string();
}

journal_db::journal_db(std::unique_ptr<impl> x) : impl_(std::move(x)) {
}

journal_db::journal_db(journal_db&&) noexcept = default;
journal_db& journal_db::operator=(journal_db&&) noexcept = default;
journal_db::~journal_db() = default;

caf::expected<journal_db> journal_db::open(const std::string& path) {
  auto name = "journal " + path;
  auto dir = std::filesystem::path{path}.parent_path();
  std::error_code fs_error;
  if (!dir.empty())
    std::filesystem::create_directories(dir, fs_error);
  if (fs_error)
    return caf::make_error(ec::storage_error, name + ": cannot create directory " + dir.string()
                                                + ": " + fs_error.message());
  std::unique_ptr<impl> x;
  try {
    x = std::make_unique<impl>(path);
    x->previous = read_last_close(x->db);
    if (x->previous != last_close::clean)
      check_integrity(x->db);
  } catch (const sql::failure& f) {
    return caf::make_error(ec::storage_error, name + ": " + explain(f));
  }
  if (auto err = migrate(x->db, journal_migrations(), name))
    return err;
  try {
    configure(x->db);
    x->version = sql::query_int64(x->db, "PRAGMA user_version");
    x->prepare_writes(insert_event_sql, insert_candle_sql, insert_decision_sql(),
                      execution_rows::insert_verdict_sql());
    if (x->previous == last_close::clean) {
      synced_write sync{x->db};
      x->db.exec(std::string{"DELETE FROM journal_meta WHERE key = '"} + clean_marker + "'");
    }
  } catch (const sql::failure& f) {
    return caf::make_error(ec::storage_error, name + ": " + explain(f));
  }
  return journal_db{std::move(x)};
}

caf::error journal_db::append(const std::vector<event>& xs) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  if (xs.empty())
    return caf::none;
  auto& stmt = *impl_->insert_event;
  auto insert = [&] {
    for (auto& e : xs)
      stmt.bind(1, static_cast<int64_t>(e.ts.time_since_epoch().count()))
        .bind(2, e.topic)
        .bind(3, static_cast<int64_t>(e.level))
        .bind(4, e.text)
        .run();
  };
  if (xs.size() == 1)
    return impl_->write_one("writing events", insert);
  return impl_->write("writing events", insert);
}

caf::expected<size_t> journal_db::append(const std::vector<candle>& xs) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  if (xs.empty())
    return size_t{0};
  auto& stmt = *impl_->insert_candle;
  size_t added = 0;
  auto err = impl_->write("writing candles", [&] {
    for (auto& c : xs)
      added += static_cast<size_t>(stmt.bind(1, c.symbol)
                                     .bind(2, std::string_view{to_string(c.span)})
                                     .bind(3, to_unix_ms(c.open_time))
                                     .bind(4, c.open)
                                     .bind(5, c.high)
                                     .bind(6, c.low)
                                     .bind(7, c.close)
                                     .bind(8, c.volume)
                                     .bind(9, c.quote_volume)
                                     .bind(10, static_cast<int64_t>(c.trades))
                                     .bind(11, c.taker_buy_volume)
                                     .run());
  });
  if (err)
    return err;
  return added;
}

caf::error journal_db::append(const std::vector<decision_record>& xs) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  if (xs.empty())
    return caf::none;
  auto& stmt = *impl_->insert_decision;
  auto insert = [&] {
    for (auto& x : xs) {
      bind_decision(stmt, x);
      stmt.run();
    }
  };
  if (xs.size() == 1)
    return impl_->write_one("writing decisions", insert, true);
  return impl_->write("writing decisions", insert, true);
}

caf::expected<int64_t> journal_db::last_decision_id() {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    auto& stmt = *impl_->last_decision_id;
    auto id = stmt.step() ? stmt.int64_at(0) : 0;
    stmt.reset();
    return id;
  } catch (const sql::failure& x) {
    return impl_->failed("reading the newest decision id", x);
  }
}

caf::expected<int64_t> journal_db::prune_events(timestamp before) {
  return prune("pruning events", "DELETE FROM events WHERE ts_ns < ?",
               static_cast<int64_t>(before.time_since_epoch().count()));
}

caf::expected<int64_t> journal_db::prune_candles(timestamp before) {
  return prune("pruning candles", "DELETE FROM candles WHERE open_time_ms < ?",
               to_unix_ms(before));
}

caf::expected<int64_t> journal_db::prune(const char* what, const char* query, int64_t bound) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  int64_t deleted = 0;
  auto err = impl_->write(what, [&] {
    sql::statement stmt{impl_->db, query};
    deleted = stmt.bind(1, bound).run();
  });
  if (err)
    return err;
  return deleted;
}

caf::expected<std::vector<journaled_event>> journal_db::events_since(const std::string& topic,
                                                                      int64_t after_id) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    std::vector<journaled_event> result;
    sql::statement stmt{impl_->db,
                        topic.empty()
                          ? "SELECT id, ts_ns, topic, level, text FROM events WHERE id > ?1"
                            " ORDER BY id"
                          : "SELECT id, ts_ns, topic, level, text FROM events"
                            " WHERE topic = ?2 AND id > ?1 ORDER BY id"};
    stmt.bind(1, after_id);
    if (!topic.empty())
      stmt.bind(2, topic);
    while (stmt.step())
      result.push_back({stmt.int64_at(0),
                        event{timestamp{timespan{stmt.int64_at(1)}}, stmt.text_at(2),
                              static_cast<severity>(stmt.int64_at(3)), stmt.text_at(4)}});
    return result;
  } catch (const sql::failure& x) {
    return impl_->failed("reading events", x);
  }
}

caf::expected<std::vector<candle>> journal_db::last_candles(const std::string& symbol,
                                                            interval span, uint32_t count) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    std::vector<candle> result;
    sql::statement stmt{impl_->db,
                        "SELECT open_time_ms, open, high, low, close, volume, quote_volume,"
                        " trades, taker_buy_volume FROM candles"
                        " WHERE symbol = ? AND interval = ? ORDER BY open_time_ms DESC LIMIT ?"};
    stmt.bind(1, symbol).bind(2, std::string_view{to_string(span)}).bind(3, int64_t{count});
    while (stmt.step()) {
      candle c;
      c.symbol = symbol;
      c.span = span;
      c.open_time = from_unix_ms(stmt.int64_at(0));
      c.open = stmt.double_at(1);
      c.high = stmt.double_at(2);
      c.low = stmt.double_at(3);
      c.close = stmt.double_at(4);
      c.volume = stmt.double_at(5);
      c.quote_volume = stmt.double_at(6);
      c.trades = static_cast<uint64_t>(stmt.int64_at(7));
      c.taker_buy_volume = stmt.double_at(8);
      c.closed = true; // only closed bars are journaled
      result.push_back(std::move(c));
    }
    std::reverse(result.begin(), result.end());
    return result;
  } catch (const sql::failure& x) {
    return impl_->failed("reading candles", x);
  }
}

caf::expected<std::vector<decision_record>> journal_db::last_decisions(uint32_t count) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    std::vector<decision_record> result;
    sql::statement stmt{impl_->db, last_decisions_sql()};
    stmt.bind(1, int64_t{count});
    std::string why;
    while (stmt.step()) {
      decision_record x;
      if (!read_decision(stmt, x, why))
        return caf::make_error(ec::storage_error,
                               impl_->name + ": reading decisions failed: " + why);
      result.push_back(std::move(x));
    }
    std::reverse(result.begin(), result.end());
    return result;
  } catch (const sql::failure& x) {
    return impl_->failed("reading decisions", x);
  }
}

caf::expected<std::pair<timestamp, double>> journal_db::latest_day_spend() {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    auto newest = sql::query_int64(impl_->db, "SELECT COALESCE(MAX(ts_ns), 0) FROM decisions");
    constexpr int64_t day_ns = int64_t{86400} * 1'000'000'000;
    auto day = newest - (newest % day_ns + day_ns) % day_ns;
    sql::statement stmt{impl_->db, "SELECT COALESCE(SUM(cost_usd), 0) FROM decisions"
                                   " WHERE ts_ns >= ?1 AND ts_ns < ?2 AND cost_in_budget = 1"};
    stmt.bind(1, day).bind(2, day + day_ns);
    auto usd = stmt.step() ? stmt.double_at(0) : 0.0;
    return std::make_pair(timestamp{timespan{newest}}, usd);
  } catch (const sql::failure& x) {
    return impl_->failed("reading the day's spend", x);
  }
}

caf::expected<std::string> journal_db::client_id_epoch() {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    // Reset after reading: a statement left running keeps its snapshot of
    // the log, and a checkpoint could not empty it.
    auto& stmt = *impl_->client_id_epoch;
    auto found = stmt.step();
    auto epoch = found ? stmt.text_at(0) : std::string{};
    stmt.reset();
    if (!found)
      return caf::make_error(ec::storage_error, "journal: no client id epoch in journal_meta");
    return epoch;
  } catch (const sql::failure& x) {
    return impl_->failed("reading the client id epoch", x);
  }
}

caf::expected<std::string> journal_db::last_memory() {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    // Literal conditions, as in the decisions_memory index, so SQLite uses it.
    sql::statement stmt{impl_->db, "SELECT memory_update FROM decisions"
                                   " WHERE source = 'model' AND memory_update <> ''"
                                   " ORDER BY id DESC LIMIT 1"};
    return stmt.step() ? stmt.text_at(0) : std::string{};
  } catch (const sql::failure& x) {
    return impl_->failed("reading the model's memory", x);
  }
}

void journal_db::impl::write_schedule(const gate_schedule& x) {
  save_schedule->bind(1, static_cast<int64_t>(x.ts.time_since_epoch().count()))
    .bind(2, static_cast<int64_t>(x.next_check.time_since_epoch().count()))
    .bind(3, static_cast<int64_t>(x.passes_today))
    .bind(4, to_json(x.wake_conditions))
    .run();
}

caf::error journal_db::save_schedule(const gate_schedule& x) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  if (impl_->batch > 0) {
    // Replaced before the batch commits: only the newest is written.
    impl_->pending_schedule = x;
    return caf::none;
  }
  return impl_->write_one("writing the gate schedule", [&] { impl_->write_schedule(x); });
}

caf::expected<std::vector<gate_schedule>> journal_db::load_schedule() {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    std::vector<gate_schedule> result;
    if (impl_->pending_schedule) {
      result.push_back(*impl_->pending_schedule);
      return result;
    }
    sql::statement stmt{impl_->db, "SELECT ts_ns, next_check_ns, passes_today, wake_conditions"
                                   " FROM gate_schedule WHERE id = 1"};
    if (!stmt.step())
      return result;
    gate_schedule x;
    x.ts = timestamp{timespan{stmt.int64_at(0)}};
    x.next_check = timestamp{timespan{stmt.int64_at(1)}};
    x.passes_today = static_cast<uint32_t>(stmt.int64_at(2));
    std::string why;
    if (!from_json(stmt.text_at(3), x.wake_conditions, why))
      return caf::make_error(ec::storage_error,
                             impl_->name + ": reading the gate schedule failed: " + why);
    result.push_back(std::move(x));
    return result;
  } catch (const sql::failure& x) {
    return impl_->failed("reading the gate schedule", x);
  }
}

caf::error journal_db::write_in_batches(uint32_t writes) {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    impl_->db.exec("PRAGMA synchronous=OFF");
    impl_->batch = std::max(writes, uint32_t{1});
    return caf::none;
  } catch (const sql::failure& x) {
    return impl_->failed("switching to batched commits", x);
  }
}

caf::error journal_db::commit_batch() {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    impl_->commit_batch();
    return caf::none;
  } catch (const sql::failure& x) {
    return impl_->failed("committing a batch of writes", x);
  }
}

uint32_t journal_db::batch_size() const {
  return impl_ ? impl_->batch : 0;
}

caf::error journal_db::checkpoint() {
  if (!impl_)
    return caf::make_error(ec::storage_error, "journal: closed");
  try {
    impl_->commit_batch();
    sql::statement stmt{impl_->db, "PRAGMA wal_checkpoint(TRUNCATE)"};
    // One row: busy (1 if a reader kept the log from being emptied), log
    // frames, frames checkpointed.
    if (stmt.step() && stmt.int64_at(0) != 0)
      return caf::make_error(ec::storage_error,
                             impl_->name + ": checkpoint incomplete, a reader holds the log");
    return caf::none;
  } catch (const sql::failure& x) {
    return impl_->failed("checkpoint", x);
  }
}

caf::error journal_db::close() {
  if (!impl_)
    return caf::none;
  // Everything is committed: the file is consistent from here on, and the
  // next open may skip the integrity check.
  auto err = impl_->write(
    "marking the clean close",
    [&] {
      sql::statement stmt{impl_->db, "INSERT OR REPLACE INTO journal_meta VALUES(?, 'yes')"};
      stmt.bind(1, std::string_view{clean_marker}).run();
    },
    true);
  if (auto checkpointed = checkpoint(); !err)
    err = std::move(checkpointed);
  impl_->finalize_writes();
  try {
    impl_->db.close();
  } catch (const sql::failure& x) {
    if (!err)
      err = impl_->failed("closing", x);
  }
  impl_.reset();
  return err;
}

const std::string& journal_db::path() const {
  static const std::string none;
  return impl_ ? impl_->path : none;
}

int64_t journal_db::schema_version() const {
  return impl_ ? impl_->version : 0;
}

uint64_t journal_db::commits() const {
  return impl_ ? impl_->commits : 0;
}

last_close journal_db::previous_close() const {
  return impl_ ? impl_->previous : last_close::none;
}

std::string describe_open(const journal_db& db) {
  auto out = "journal " + db.path() + " (schema " + std::to_string(db.schema_version()) + ")";
  if (db.previous_close() == last_close::unclean)
    out += ", recovered after an unclean shutdown (integrity check passed)";
  return out;
}

} // namespace tn
