// The journal actor's logic without the actor: what is written, counted,
// and reported to the operator.

#include "journal_test_util.hpp"

#include "runtime/journal/journal_writer.hpp"
#include "runtime/journal/migrations.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

#include "messages/error.hpp"

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
  // The forming-only batch wrote nothing; the first candles and the first
  // event each began a retention pass.
  CHECK(st.counters.at("commits") == 3 + 2);
  CHECK(st.facts.at("path") == path);
  CHECK(st.counters.at("decisions_written") == 0);
  CHECK(st.facts.at("schema") == std::to_string(journal_migrations().size()));
  CHECK(st.facts.at("healthy") == "yes");
  CHECK(st.facts.count("last_error") == 0);
}

TEST_CASE("the writer reports both ends of an outage and counts every failure") {
  temp_dir dir;
  auto w = make_writer(dir.file("journal.sqlite"));
  CHECK_FALSE(w.write(make_event("a", "ok", severity::info, 1s)));
  CHECK(w.healthy());
  auto report = w.write(make_event("bad", "x", severity::info, 2s));
  REQUIRE(report);
  CHECK(report->topic == "journal");
  CHECK(report->level == severity::error);
  CHECK(report->ts == test::t0 + 2s);
  CHECK_THAT(report->text, Catch::Contains("writing events failed: refused by test")
                             && Catch::Contains("no new decisions until the journal can write"));
  CHECK_FALSE(w.healthy());
  CHECK_THAT(w.last_error(), Catch::Contains("refused by test"));
  tick_batch bad;
  bad.closed = {make_candle("BAD", 0)};
  CHECK_FALSE(w.write(bad));                    // same outage: counted only
  CHECK_FALSE(w.write(make_event("bad", "y"))); // still the same outage
  auto back = w.write(make_event("a", "recovered"));
  REQUIRE(back);
  CHECK(back->level == severity::info);
  CHECK(back->text == "journal writes again after 3 failed writes; new decisions resume");
  CHECK(w.healthy());
  CHECK(w.write(make_event("bad", "z"))); // a new outage is reported again
  auto st = w.status();
  CHECK(st.counters.at("write_errors") == 4);
  CHECK(st.counters.at("events_written") == 2);
  CHECK(st.facts.at("healthy") == "no");
  CHECK_THAT(st.facts.at("last_error"), Catch::Contains("refused by test"));
}

TEST_CASE("flush reports the writes that failed since the last flush") {
  temp_dir dir;
  auto w = make_writer(dir.file("journal.sqlite"));
  CHECK_FALSE(w.write(make_event("a", "one")));
  auto rows = w.flush();
  REQUIRE(rows);
  CHECK(*rows == 1);
  w.write(make_event("bad", "x"));
  w.write(make_event("bad", "y"));
  CHECK(w.write(make_event("a", "two"))); // the outage ends
  // Healthy again, but two events were lost: flush must not say all is well.
  auto failed = w.flush();
  REQUIRE_FALSE(failed);
  CHECK(failed.error() == ec::storage_error);
  CHECK_THAT(test::text_of(failed.error()),
             Catch::Contains("2 writes failed since the last flush")
               && Catch::Contains("refused by test"));
  rows = w.flush(); // reported once
  REQUIRE(rows);
  CHECK(*rows == 2);
}

TEST_CASE("retention deletes old events and candles, each against its own newest row") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  journal_retention keep;
  keep.events = 7 * 24h;
  keep.candles = 30 * 24h;
  journal_writer w{test::open_journal(path), keep};
  CHECK_FALSE(w.write(make_event("a", "old", severity::info, 0s)));
  CHECK_FALSE(w.write(make_event("a", "week", severity::info, 24h)));
  tick_batch old_bars;
  old_bars.closed = {make_candle("BTCUSDT", 0), make_candle("BTCUSDT", 1)};
  CHECK_FALSE(w.write(old_bars));
  // Nearly eight days later: "old" is beyond seven days, "week" is not.
  CHECK_FALSE(w.write(make_event("a", "now", severity::info, 8 * 24h - 1s)));
  // Candles age by candle time: eight days of event time took none.
  tick_batch later;
  later.closed = {make_candle("BTCUSDT", 10 * 24 * 60)}; // ten days after bar 0
  CHECK_FALSE(w.write(later));
  auto st = w.status();
  CHECK(st.counters.at("events_pruned") == 1);
  CHECK(st.counters.at("candles_pruned") == 0);
  tick_batch month;
  month.closed = {make_candle("BTCUSDT", 30 * 24 * 60 + 1)}; // bar 0 is now 30 days old
  CHECK_FALSE(w.write(month));
  st = w.status();
  CHECK(st.counters.at("candles_pruned") == 1);
  // Decisions are never pruned.
  REQUIRE(w.write(test::make_model_decision(1)).error == caf::none);
  w.close();
  auto db = test::open_journal(path);
  auto events = db.events_since("a", 0);
  REQUIRE(events);
  REQUIRE(events->size() == 2);
  CHECK(events->at(0).value.text == "week");
  auto bars = db.last_candles("BTCUSDT", interval::m1, 10);
  REQUIRE(bars);
  REQUIRE(bars->size() == 3);
  CHECK(bars->at(0).open_time == test::t0 + 1min);
  auto xs = db.last_decisions(10);
  REQUIRE(xs);
  CHECK(xs->size() == 1);
}

TEST_CASE("retention of zero keeps events and candles for good") {
  temp_dir dir;
  journal_retention keep;
  keep.events = timespan::zero();
  keep.candles = timespan::zero();
  journal_writer w{test::open_journal(dir.file("journal.sqlite")), keep};
  w.write(make_event("a", "old", severity::info, 0s));
  w.write(make_event("a", "now", severity::info, 3650 * 24h));
  tick_batch bars;
  bars.closed = {make_candle("BTCUSDT", 0), make_candle("BTCUSDT", 3650 * 24 * 60)};
  w.write(bars);
  auto st = w.status();
  CHECK(st.counters.at("events_pruned") == 0);
  CHECK(st.counters.at("candles_pruned") == 0);
  CHECK(st.counters.at("events_written") == 2);
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
  CHECK(w.write(test::make_model_decision(1)).error == caf::none);
  CHECK(w.write(test::make_evaluator_decision(2)).error == caf::none);
  CHECK_FALSE(w.write(make_event("a", "one")));
  CHECK(w.rows_written() == 3);
  auto st = w.status();
  CHECK(st.counters.at("decisions_written") == 2);
  CHECK(st.counters.at("commits") == 3 + 1); // and the event's retention pass
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
  auto out = w.write(test::make_model_decision(3));
  // The caller that waits for the commit gets the error.
  CHECK(out.error == ec::storage_error);
  CHECK_THAT(test::text_of(out.error),
             Catch::Contains("writing decisions failed: refused by test"));
  auto& report = out.notice;
  REQUIRE(report);
  CHECK(report->ts == test::t0 + 5s); // the decision's event time
  CHECK_THAT(report->text, Catch::Contains("writing decisions failed: refused by test"));
  CHECK(w.status().counters.at("write_errors") == 1);
  CHECK(w.rows_written() == 3);
  auto last = w.close();
  CHECK(last.text == "journal flushed: 1 events, 0 candles, 2 decisions, 1 write errors, " + path);
}
