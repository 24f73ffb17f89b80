// Opening the journal: schema migrations, WAL mode, and the files it refuses.

#include "journal_test_util.hpp"

#include "messages/error.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/migrations.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::temp_dir;

namespace {

int64_t user_version(const std::string& path) {
  sql::connection db{path};
  return sql::query_int64(db, "PRAGMA user_version");
}

bool has_table(const std::string& path, const std::string& name) {
  sql::connection db{path};
  sql::statement stmt{db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"};
  stmt.bind(1, name);
  return stmt.step() && stmt.int64_at(0) == 1;
}

/// The schema as tradenode's first journal wrote it (version 1: events
/// and candles), kept here verbatim so the migration is tested against the
/// files that exist, not against the current step list.
void write_v1_journal(const std::string& path) {
  sql::connection db{path};
  sql::query_text(db, "PRAGMA journal_mode=WAL");
  db.exec("CREATE TABLE events(id INTEGER PRIMARY KEY, ts_ns INTEGER NOT NULL,"
          " topic TEXT NOT NULL, level INTEGER NOT NULL, text TEXT NOT NULL);"
          "CREATE INDEX events_by_topic ON events(topic, id);"
          "CREATE TABLE candles(symbol TEXT, interval TEXT, open_time_ms INTEGER,"
          " open REAL, high REAL, low REAL, close REAL, volume REAL, quote_volume REAL,"
          " trades INTEGER, taker_buy_volume REAL,"
          " PRIMARY KEY(symbol, interval, open_time_ms)) WITHOUT ROWID;"
          "PRAGMA user_version = 1;");
  auto t0_ns = std::to_string(test::t0.time_since_epoch().count());
  auto t0_ms = std::to_string(to_unix_ms(test::t0));
  db.exec("INSERT INTO events(ts_ns, topic, level, text) VALUES(" + t0_ns
          + ", 'market', 1, 'before'), (" + t0_ns + ", 'supervisor', 2, 'the upgrade');"
          + "INSERT INTO candles VALUES('BTCUSDT', '1m', " + t0_ms
          + ", 100, 110, 90, 105, 1.5, 150.25, 10, 0.5);");
}

} // namespace

TEST_CASE("a version 1 journal migrates to the current version and keeps its rows") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  write_v1_journal(path);
  REQUIRE(user_version(path) == 1);
  REQUIRE_FALSE(has_table(path, "decisions"));
  {
    auto db = journal_db::open(path);
    REQUIRE(db);
    CHECK(db->schema_version() == static_cast<int64_t>(journal_migrations().size()));
    auto events = db->events_since("", 0);
    REQUIRE(events);
    REQUIRE(events->size() == 2);
    CHECK(events->at(0).value.text == "before");
    CHECK(events->at(1).value.level == severity::warning);
    CHECK(events->at(1).value.ts == test::t0);
    auto bars = db->last_candles("BTCUSDT", interval::m1, 10);
    REQUIRE(bars);
    REQUIRE(bars->size() == 1);
    CHECK(bars->at(0).open_time == test::t0);
    CHECK(bars->at(0).quote_volume == 150.25);
    CHECK(bars->at(0).trades == 10);
    REQUIRE(db->append({test::make_event("market", "after")}) == caf::none);
    auto x = test::make_model_decision();
    REQUIRE(db->append(std::vector<decision_record>{x}) == caf::none);
    REQUIRE(db->close() == caf::none);
  }
  CHECK(user_version(path) == static_cast<int64_t>(journal_migrations().size()));
  CHECK(has_table(path, "decisions"));
  auto db = journal_db::open(path);
  REQUIRE(db);
  auto events = db->events_since("market", 0);
  REQUIRE(events);
  CHECK(events->size() == 2);
  auto xs = db->last_decisions(5);
  REQUIRE(xs);
  REQUIRE(xs->size() == 1);
  test::check_same(xs->at(0), test::make_model_decision());
}

TEST_CASE("a new journal is created with its directories and migrated from 0 to current") {
  temp_dir dir;
  auto path = journal_path(dir.file("a/b"));
  CHECK(path == dir.file("a/b/journal.sqlite"));
  auto db = journal_db::open(path);
  REQUIRE(db);
  auto current = static_cast<int64_t>(journal_migrations().size());
  CHECK(current >= 1);
  CHECK(db->schema_version() == current);
  CHECK(db->close() == caf::none);
  CHECK(user_version(path) == current);
  CHECK(has_table(path, "events"));
  CHECK(has_table(path, "candles"));
  CHECK(has_table(path, "decisions"));
  // Opening again migrates nothing and keeps the data.
  auto again = journal_db::open(path);
  REQUIRE(again);
  CHECK(again->schema_version() == current);
}

TEST_CASE("migrate applies only the missing steps, and a failed step changes nothing") {
  temp_dir dir;
  auto path = dir.file("m.sqlite");
  sql::connection db{path};
  std::vector<std::string> steps{"CREATE TABLE a(x)"};
  REQUIRE(migrate(db, steps, "m") == caf::none);
  CHECK(sql::query_int64(db, "PRAGMA user_version") == 1);
  db.exec("INSERT INTO a VALUES(1)");
  // Step 1 is not run again (it would fail: table a exists).
  steps.push_back("CREATE TABLE b(y)");
  REQUIRE(migrate(db, steps, "m") == caf::none);
  CHECK(sql::query_int64(db, "PRAGMA user_version") == 2);
  CHECK(sql::query_int64(db, "SELECT count(*) FROM a") == 1);
  // Steps 3 and 4 go in together or not at all.
  steps.push_back("CREATE TABLE c(z)");
  steps.push_back("INSERT INTO missing VALUES(1)");
  auto err = migrate(db, steps, "m");
  REQUIRE(err);
  CHECK(err == ec::storage_error);
  CHECK_THAT(test::text_of(err), Catch::Contains("from schema version 2 to 4 failed")
                                   && Catch::Contains("no such table: missing"));
  CHECK(sql::query_int64(db, "PRAGMA user_version") == 2);
  CHECK(sql::query_int64(db, "SELECT count(*) FROM sqlite_master WHERE name = 'c'") == 0);
}

TEST_CASE("a journal with a newer schema than this build is refused untouched") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto newer = static_cast<int64_t>(journal_migrations().size()) + 1;
  {
    sql::connection db{path};
    db.exec("CREATE TABLE future(x); PRAGMA user_version = " + std::to_string(newer));
  }
  auto before = test::read_file(path);
  auto db = journal_db::open(path);
  REQUIRE_FALSE(db);
  CHECK(db.error() == ec::storage_error);
  auto text = test::text_of(db.error());
  CHECK_THAT(text, Catch::Contains(path)
                     && Catch::Contains("schema version " + std::to_string(newer)
                                        + " is newer than this build's")
                     && Catch::Contains("newer tradenode"));
  CHECK(test::read_file(path) == before); // not switched to WAL, not migrated
  CHECK(user_version(path) == newer);
}

TEST_CASE("a file that is not an SQLite database is refused untouched") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  std::string garbage(8192, 'x');
  garbage.replace(0, 30, "this is no database, just text");
  test::write_file(path, garbage);
  auto db = journal_db::open(path);
  REQUIRE_FALSE(db);
  CHECK(db.error() == ec::storage_error);
  CHECK_THAT(test::text_of(db.error()),
             Catch::Contains(path) && Catch::Contains("not an SQLite database"));
  CHECK(test::read_file(path) == garbage);
}

namespace {

/// A journal with 200 events whose events table (the root at page 2) is
/// then damaged; closed cleanly or not, as `clean` says.
void write_damaged_journal(const std::string& path, bool clean) {
  {
    auto db = journal_db::open(path);
    REQUIRE(db);
    std::vector<event> xs;
    for (int i = 0; i < 200; ++i)
      xs.push_back(test::make_event("t", std::string(50, 'x')));
    REQUIRE(db->append(xs) == caf::none);
    if (clean)
      REQUIRE(db->close() == caf::none);
    else
      REQUIRE(db->checkpoint() == caf::none); // into the file, which then breaks
    // Destroyed without close(): as a crash leaves it.
  }
  auto bytes = test::read_file(path);
  auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  auto page_size = (byte(16) << 8) | byte(17); // big-endian, at offset 16 of the header
  REQUIRE(bytes.size() > static_cast<size_t>(2 * page_size));
  bytes.replace(static_cast<size_t>(page_size), 64, std::string(64, '\xff'));
  test::write_file(path, bytes);
}

} // namespace

TEST_CASE("a damaged page is refused after an unclean shutdown, and not read after a clean one") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  write_damaged_journal(path, false);
  auto db = journal_db::open(path);
  REQUIRE_FALSE(db);
  CHECK(db.error() == ec::storage_error);
  CHECK_THAT(test::text_of(db.error()), Catch::Contains(path) && Catch::Contains("damaged"));
  // A damaged page that open() never reads: only the integrity check would
  // find it, and after a clean close it does not run, so a large journal
  // opens without reading every page.
  auto clean = dir.file("clean.sqlite");
  write_damaged_journal(clean, true);
  auto opened = journal_db::open(clean);
  REQUIRE(opened);
  CHECK(opened->previous_close() == last_close::clean);
}

TEST_CASE("the integrity check runs only after a run that did not close the journal") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    auto db = journal_db::open(path);
    REQUIRE(db);
    CHECK(db->previous_close() == last_close::none);
    CHECK(describe_open(*db) == "journal " + path + " (schema "
                                  + std::to_string(journal_migrations().size()) + ")");
    REQUIRE(db->append({test::make_event("t", "one")}) == caf::none);
    // Destroyed without close(): the next open checks the file.
  }
  {
    auto db = journal_db::open(path);
    REQUIRE(db);
    CHECK(db->previous_close() == last_close::unclean);
    CHECK_THAT(describe_open(*db),
               Catch::EndsWith(", recovered after an unclean shutdown (integrity check passed)"));
    REQUIRE(db->close() == caf::none);
  }
  {
    auto db = journal_db::open(path);
    REQUIRE(db);
    CHECK(db->previous_close() == last_close::clean);
    CHECK_THAT(describe_open(*db), !Catch::Contains("recovered"));
    // Open took the marker: a crash from here on is noticed.
  }
  auto db = journal_db::open(path);
  REQUIRE(db);
  CHECK(db->previous_close() == last_close::unclean);
}

TEST_CASE("a journal path that cannot be created is refused") {
  temp_dir dir;
  test::write_file(dir.file("file"), "x");
  auto db = journal_db::open(journal_path(dir.file("file/sub")));
  REQUIRE_FALSE(db);
  CHECK(db.error() == ec::storage_error);
  CHECK_THAT(test::text_of(db.error()), Catch::Contains("cannot create directory"));
}

TEST_CASE("the journal runs in WAL mode and a checkpoint empties the log") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = journal_db::open(path);
  REQUIRE(db);
  {
    sql::connection raw{path};
    CHECK(sql::query_text(raw, "PRAGMA journal_mode") == "wal");
  }
  REQUIRE(db->append({test::make_event("t", "one")}) == caf::none);
  auto wal = path + "-wal";
  REQUIRE(std::filesystem::exists(wal));
  CHECK(std::filesystem::file_size(wal) > 0);
  REQUIRE(db->checkpoint() == caf::none);
  CHECK(std::filesystem::file_size(wal) == 0);
  REQUIRE(db->close() == caf::none);
  CHECK_FALSE(std::filesystem::exists(wal));
  // After close the object refuses work instead of touching a closed handle.
  CHECK(db->append({test::make_event("t", "two")}) == ec::storage_error);
}

TEST_CASE("each journal has its own client id epoch, the same for its whole life") {
  temp_dir dir;
  auto epoch_of = [](journal_db& db) {
    auto x = db.client_id_epoch();
    REQUIRE(x);
    return *x;
  };
  auto first_path = dir.file("first/journal.sqlite");
  auto first = test::open_journal(first_path);
  auto second = test::open_journal(dir.file("second/journal.sqlite"));
  auto a = epoch_of(first);
  auto b = epoch_of(second);
  std::regex hex8{"^[0-9a-f]{8}$"};
  CHECK(std::regex_match(a, hex8));
  CHECK(std::regex_match(b, hex8));
  // Random (32 bits from SQLite's randomness): two journals differ.
  CHECK(a != b);
  // Reopened, after a clean close and after a crash: the same epoch, so the
  // same decision gives the same client id again.
  REQUIRE(first.close() == caf::none);
  {
    auto again = test::open_journal(first_path);
    CHECK(epoch_of(again) == a);
  } // destroyed open: as a crash
  auto after_crash = test::open_journal(first_path);
  CHECK(epoch_of(after_crash) == a);
}

TEST_CASE("a version 5 journal gets its client id epoch when it migrates") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    sql::connection db{path};
    std::vector<std::string> v5(journal_migrations().begin(), journal_migrations().begin() + 5);
    REQUIRE(migrate(db, v5, "v5") == caf::none);
    CHECK(sql::query_int64(db, "SELECT count(*) FROM journal_meta") == 0);
  }
  auto db = test::open_journal(path);
  auto epoch = db.client_id_epoch();
  REQUIRE(epoch);
  CHECK(std::regex_match(*epoch, std::regex{"^[0-9a-f]{8}$"}));
}
