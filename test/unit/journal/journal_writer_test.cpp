// The journal actor's logic without the actor: what is written, counted,
// and reported to the operator.

#include "journal_test_util.hpp"

#include "runtime/journal/journal_writer.hpp"
#include "runtime/journal/migrations.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::make_candle;
using tn::test::make_event;
using tn::test::temp_dir;

namespace {

journal_writer make_writer(const std::string& path) {
  auto db = test::open_journal(path);
  test::refuse_bad_rows(path);
  return journal_writer{std::move(db)};
}

} // namespace

TEST_CASE("the writer persists closed candles only and counts duplicates") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto w = make_writer(path);
  tick_batch forming;
  forming.ticks.push_back({"BTCUSDT", test::t0, test::t0, 100, 1});
  CHECK_FALSE(w.write(forming));
  tick_batch batch;
  batch.closed = {make_candle("BTCUSDT", 0), make_candle("BTCUSDT", 1)};
  CHECK_FALSE(w.write(batch));
  batch.closed.push_back(make_candle("BTCUSDT", 2)); // a replay plus one new bar
  CHECK_FALSE(w.write(batch));
  CHECK_FALSE(w.write(make_event("market", "hello")));
  CHECK(w.rows_written() == 4);
  auto st = w.status();
  CHECK(st.service == "journal");
  CHECK(st.counters.at("events_written") == 1);
  CHECK(st.counters.at("candles_written") == 3);
  CHECK(st.counters.at("candles_duplicate") == 2);
  CHECK(st.counters.at("write_errors") == 0);
  CHECK(st.counters.at("commits") == 3); // the forming-only batch wrote nothing
  CHECK(st.facts.at("path") == path);
  CHECK(st.counters.at("decisions_written") == 0);
  CHECK(st.facts.at("schema") == std::to_string(journal_migrations().size()));
  CHECK(st.facts.count("last_error") == 0);
}

TEST_CASE("the writer reports the first failure of an outage and counts every one") {
  temp_dir dir;
  auto w = make_writer(dir.file("journal.sqlite"));
  CHECK_FALSE(w.write(make_event("a", "ok", severity::info, 1s)));
  auto report = w.write(make_event("bad", "x", severity::info, 2s));
  REQUIRE(report);
  CHECK(report->topic == "journal");
  CHECK(report->level == severity::error);
  CHECK(report->ts == test::t0 + 2s);
  CHECK_THAT(report->text, Catch::Contains("writing events failed: refused by test"));
  tick_batch bad;
  bad.closed = {make_candle("BAD", 0)};
  CHECK_FALSE(w.write(bad));                    // same outage: counted only
  CHECK_FALSE(w.write(make_event("bad", "y"))); // still the same outage
  CHECK_FALSE(w.write(make_event("a", "recovered")));
  CHECK(w.write(make_event("bad", "z"))); // a new outage is reported again
  auto st = w.status();
  CHECK(st.counters.at("write_errors") == 4);
  CHECK(st.counters.at("events_written") == 2);
  CHECK_THAT(st.facts.at("last_error"), Catch::Contains("refused by test"));
}

TEST_CASE("closing the writer flushes the journal and says so") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto w = make_writer(path);
  CHECK_FALSE(w.write(make_event("a", "one", severity::info, 5s)));
  tick_batch batch;
  batch.closed = {make_candle("BTCUSDT", 0)};
  CHECK_FALSE(w.write(batch));
  auto last = w.close();
  CHECK(last.level == severity::info);
  CHECK(last.topic == "journal");
  CHECK(last.ts == test::t0 + 1min); // the newest time seen: when the bar closed
  CHECK(last.text == "journal flushed: 1 events, 1 candles, 0 decisions, 0 write errors, " + path);
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));
  auto db = journal_db::open(path);
  REQUIRE(db);
  auto events = db->events_since("a", 0);
  REQUIRE(events);
  CHECK(events->size() == 1);
}

TEST_CASE("the writer persists decisions, counts them and reads the last ones back") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto w = make_writer(path);
  CHECK_FALSE(w.write(test::make_model_decision(1)));
  CHECK_FALSE(w.write(test::make_evaluator_decision(2)));
  CHECK_FALSE(w.write(make_event("a", "one")));
  CHECK(w.rows_written() == 3);
  auto st = w.status();
  CHECK(st.counters.at("decisions_written") == 2);
  CHECK(st.counters.at("commits") == 3);
  auto xs = w.last_decisions(1);
  REQUIRE(xs);
  REQUIRE(xs->size() == 1);
  test::check_same(xs->at(0), test::make_evaluator_decision(2));
  // A failed decision write is counted and reported like any other.
  {
    sql::connection raw{path};
    raw.exec("CREATE TRIGGER refuse_decision BEFORE INSERT ON decisions"
             " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
  }
  auto report = w.write(test::make_model_decision(3));
  REQUIRE(report);
  CHECK(report->ts == test::t0 + 5s); // the decision's event time
  CHECK_THAT(report->text, Catch::Contains("writing decisions failed: refused by test"));
  CHECK(w.status().counters.at("write_errors") == 1);
  CHECK(w.rows_written() == 3);
  auto last = w.close();
  CHECK(last.text == "journal flushed: 1 events, 0 candles, 2 decisions, 1 write errors, " + path);
}
