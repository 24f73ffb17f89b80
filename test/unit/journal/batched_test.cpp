// How a journal commits: every write on its own, the order path's synced to
// disk (paper, testnet, live), or in batches without syncing (a backtest's,
// journal_db::write_in_batches). The disk syncs are counted by a VFS that
// wraps SQLite's default one and counts xSync calls.

#include "journal_test_util.hpp"

#include "messages/error.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/sqlite.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstring>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::make_event;
using tn::test::t0;
using tn::test::temp_dir;

namespace {

// -- a VFS counting syncs ------------------------------------------------------

sqlite3_vfs* real_vfs = nullptr;
std::atomic<int> syncs{0};

struct counted_file {
  sqlite3_file base;
  sqlite3_file* real; // follows this struct in the same allocation
};

sqlite3_file* real_of(sqlite3_file* f) {
  return reinterpret_cast<counted_file*>(f)->real;
}

int c_close(sqlite3_file* f) {
  return real_of(f)->pMethods->xClose(real_of(f));
}
int c_read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) {
  return real_of(f)->pMethods->xRead(real_of(f), p, n, off);
}
int c_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
  return real_of(f)->pMethods->xWrite(real_of(f), p, n, off);
}
int c_truncate(sqlite3_file* f, sqlite3_int64 size) {
  return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
int c_sync(sqlite3_file* f, int flags) {
  ++syncs;
  return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int c_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
int c_lock(sqlite3_file* f, int x) {
  return real_of(f)->pMethods->xLock(real_of(f), x);
}
int c_unlock(sqlite3_file* f, int x) {
  return real_of(f)->pMethods->xUnlock(real_of(f), x);
}
int c_check_reserved(sqlite3_file* f, int* out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
int c_file_control(sqlite3_file* f, int op, void* arg) {
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int c_sector_size(sqlite3_file* f) {
  return real_of(f)->pMethods->xSectorSize(real_of(f));
}
int c_device(sqlite3_file* f) {
  return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
int c_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, out);
}
int c_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
void c_shm_barrier(sqlite3_file* f) {
  real_of(f)->pMethods->xShmBarrier(real_of(f));
}
int c_shm_unmap(sqlite3_file* f, int del) {
  return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}

// Version 2: no memory-mapped reads (xFetch), so SQLite reads through xRead.
const sqlite3_io_methods counted_methods = {
  2,           c_close,     c_read,          c_write,       c_truncate,    c_sync,
  c_file_size, c_lock,      c_unlock,        c_check_reserved, c_file_control, c_sector_size,
  c_device,    c_shm_map,   c_shm_lock,      c_shm_barrier, c_shm_unmap,   nullptr,
  nullptr,
};

int c_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* cf = reinterpret_cast<counted_file*>(f);
  cf->real = reinterpret_cast<sqlite3_file*>(cf + 1);
  std::memset(cf->real, 0, static_cast<size_t>(real_vfs->szOsFile));
  auto rc = real_vfs->xOpen(real_vfs, name, cf->real, flags, out_flags);
  cf->base.pMethods = cf->real->pMethods ? &counted_methods : nullptr;
  return rc;
}
int c_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return real_vfs->xDelete(real_vfs, name, sync_dir);
}
int c_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs->xAccess(real_vfs, name, flags, out);
}
int c_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, n, out);
}
int c_randomness(sqlite3_vfs*, int n, char* out) {
  return real_vfs->xRandomness(real_vfs, n, out);
}
int c_sleep(sqlite3_vfs*, int us) {
  return real_vfs->xSleep(real_vfs, us);
}
int c_current_time(sqlite3_vfs*, double* out) {
  return real_vfs->xCurrentTime(real_vfs, out);
}
int c_last_error(sqlite3_vfs*, int n, char* out) {
  return real_vfs->xGetLastError(real_vfs, n, out);
}

/// Makes the counting VFS SQLite's default, once; connections opened from
/// then on count their syncs in `syncs`.
void count_syncs() {
  static sqlite3_vfs counted = [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    REQUIRE(real_vfs);
    sqlite3_vfs v{};
    v.iVersion = 1;
    v.szOsFile = static_cast<int>(sizeof(counted_file)) + real_vfs->szOsFile;
    v.mxPathname = real_vfs->mxPathname;
    v.zName = "tn_counted_syncs";
    v.xOpen = c_open;
    v.xDelete = c_delete;
    v.xAccess = c_access;
    v.xFullPathname = c_full_pathname;
    v.xRandomness = c_randomness;
    v.xSleep = c_sleep;
    v.xCurrentTime = c_current_time;
    v.xGetLastError = c_last_error;
    return v;
  }();
  static const bool registered = [] {
    REQUIRE(sqlite3_vfs_register(&counted, 1) == SQLITE_OK);
    return true;
  }();
  (void)registered;
}

// -- rows --------------------------------------------------------------------

/// Fill `trade_id`, `trade_id` seconds after t0.
fill make_fill(uint64_t trade_id) {
  return test::make_fill(trade_id, t0 + std::chrono::seconds{trade_id});
}

/// Rows of `table` another connection sees: what is committed.
int64_t committed_rows(const std::string& path, const std::string& table) {
  sql::connection db{path, sql::connection::read_only_t{}};
  return sql::query_int64(db, "SELECT count(*) FROM " + table);
}

} // namespace

TEST_CASE("a journal commits every write on its own, and syncs the order path's to disk") {
  count_syncs();
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  CHECK(db.batch_size() == 0);
  auto commits = db.commits();
  auto before = syncs.load();
  REQUIRE(db.append_fill(make_fill(1)).value());
  CHECK(db.commits() == commits + 1);
  CHECK(committed_rows(path, "fills") == 1);
  // synchronous=FULL for the fill: its commit synced the log.
  auto after_fill = syncs.load();
  CHECK(after_fill > before);
  REQUIRE(db.append_fill(make_fill(2)).value());
  CHECK(syncs.load() > after_fill);
  // An event is not the order path: committed, synced only at checkpoints.
  auto after_fills = syncs.load();
  REQUIRE(db.append({make_event("market", "m1", severity::info, 1s)}) == caf::none);
  CHECK(committed_rows(path, "events") == 1);
  CHECK(syncs.load() == after_fills);
  REQUIRE(db.close() == caf::none);
}

TEST_CASE("a backtest journal commits in batches without syncing, and keeps every write") {
  count_syncs();
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  REQUIRE(db.write_in_batches(3) == caf::none);
  CHECK(db.batch_size() == 3);
  auto commits = db.commits();
  auto before = syncs.load();
  REQUIRE(db.append_fill(make_fill(1)).value());
  REQUIRE(db.append({make_event("market", "m1", severity::info, 1s)}) == caf::none);
  // Not committed yet, but this journal reads its own writes.
  CHECK(db.commits() == commits);
  CHECK(committed_rows(path, "fills") == 0);
  CHECK(committed_rows(path, "events") == 0);
  CHECK_FALSE(db.append_fill(make_fill(1)).value()); // the third write: kept once
  CHECK(db.commits() == commits + 1);
  CHECK(committed_rows(path, "fills") == 1);
  CHECK(committed_rows(path, "events") == 1);
  REQUIRE(db.append_fill(make_fill(2)).value());
  CHECK(committed_rows(path, "fills") == 1);
  REQUIRE(db.commit_batch() == caf::none);
  CHECK(db.commits() == commits + 2);
  CHECK(committed_rows(path, "fills") == 2);
  REQUIRE(db.append_fill(make_fill(3)).value());
  CHECK(syncs.load() == before); // no write waited for the disk
  // Closing commits the open batch.
  REQUIRE(db.close() == caf::none);
  CHECK(committed_rows(path, "fills") == 3);
  auto reopened = test::open_journal(path);
  CHECK(reopened.previous_close() == last_close::clean);
  CHECK(reopened.batch_size() == 0);
}

TEST_CASE("a write refused in a batch leaves nothing, and the batch's other writes stay") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  REQUIRE(db.write_in_batches(100) == caf::none);
  REQUIRE(db.append_fill(make_fill(1)).value());
  order_update unknown;
  unknown.client_id = "never-sent";
  unknown.symbol = "BTCUSDT";
  unknown.state = order_state::filled;
  unknown.ts = t0;
  // A step whose update has no intent is refused whole: its fill too.
  auto step = db.commit_step({make_fill(2)}, {unknown}, {});
  REQUIRE_FALSE(step);
  CHECK(step.error() == ec::invalid_argument);
  REQUIRE(db.append_fill(make_fill(3)).value());
  REQUIRE(db.close() == caf::none);
  CHECK(committed_rows(path, "fills") == 2);
}

TEST_CASE("the gate's schedule commits at once, or in batches once per batch, the newest") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  auto schedule = [](uint32_t passes) {
    gate_schedule x;
    x.ts = t0 + std::chrono::minutes{passes};
    x.next_check = x.ts + 1h;
    x.passes_today = passes;
    x.wake_conditions = {{"BTCUSDT", wake_metric::price, wake_op::lt, 58000.5}};
    return x;
  };
  auto committed_passes = [&] {
    sql::connection other{path};
    return sql::query_int64(other, "SELECT passes_today FROM gate_schedule WHERE id = 1");
  };
  // Each write on its own: committed before save_schedule returns.
  REQUIRE(db.save_schedule(schedule(1)) == caf::none);
  CHECK(committed_rows(path, "gate_schedule") == 1);
  CHECK(committed_passes() == 1);
  // In batches: the newest, written when the batch commits, read back before.
  REQUIRE(db.write_in_batches(100) == caf::none);
  REQUIRE(db.save_schedule(schedule(2)) == caf::none);
  REQUIRE(db.save_schedule(schedule(3)) == caf::none);
  CHECK(committed_passes() == 1);
  auto pending = db.load_schedule();
  REQUIRE(pending);
  REQUIRE(pending->size() == 1);
  CHECK(pending->at(0).passes_today == 3);
  CHECK(pending->at(0).wake_conditions.size() == 1);
  REQUIRE(db.commit_batch() == caf::none);
  CHECK(committed_passes() == 3);
  // A batch that fills up commits the schedule with it.
  REQUIRE(db.write_in_batches(2) == caf::none);
  REQUIRE(db.save_schedule(schedule(4)) == caf::none);
  REQUIRE(db.append({make_event("market", "m1", severity::info, 1s)}) == caf::none);
  CHECK(committed_passes() == 3);
  REQUIRE(db.append({make_event("market", "m2", severity::info, 2s)}) == caf::none);
  CHECK(committed_rows(path, "events") == 2);
  CHECK(committed_passes() == 4);
  // Closing writes the last one.
  REQUIRE(db.save_schedule(schedule(5)) == caf::none);
  REQUIRE(db.close() == caf::none);
  auto reopened = test::open_journal(path);
  auto kept = reopened.load_schedule();
  REQUIRE(kept);
  REQUIRE(kept->size() == 1);
  CHECK(kept->at(0).passes_today == 5);
  CHECK(kept->at(0).next_check == t0 + std::chrono::minutes{5} + 1h);
}
