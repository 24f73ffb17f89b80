// What the journal hands back at start so a restart loses nothing: the
// day's model spend, the model's newest memory, the gate's schedule; and a
// version 2 journal migrated to keep its decisions (issue 14, item 10).

#include "journal_test_util.hpp"

#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/migrations.hpp"
#include "runtime/journal/sqlite.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::make_evaluator_decision;
using tn::test::make_model_decision;
using tn::test::temp_dir;

namespace {

/// A decision at `ts` that cost `usd`.
decision_record costing(timestamp ts, double usd) {
  auto x = make_evaluator_decision();
  x.chosen.ts = ts;
  x.chosen.cost_usd = usd;
  return x;
}

} // namespace

TEST_CASE("the newest decision day's spend, failed calls included, subscription calls not") {
  temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  auto none = db.latest_day_spend();
  REQUIRE(none);
  CHECK(none->second == 0);
  auto day = timestamp{} + 24h * 20000; // 2024-10-04 00:00 UTC
  auto subscription = costing(day + 3h, 1.0);
  subscription.chosen.cost_in_budget = false;
  REQUIRE(db.append(std::vector<decision_record>{
            costing(day - 1h, 5.0),       // the day before: not counted
            costing(day + 1h, 0.25),      // a model decision
            costing(day + 2h, 0.125),     // a failed but billed call
            subscription,                 // notional: journaled, not spent
            costing(day + 23h, 0.0625)})  // the newest
          == caf::none);
  auto spent = db.latest_day_spend();
  REQUIRE(spent);
  CHECK(spent->first == day + 23h);
  CHECK(spent->second == 0.4375);
}

TEST_CASE("the model's newest memory, however many decisions ago") {
  temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  CHECK(db.last_memory().value() == "");
  auto old = make_model_decision(0);
  old.chosen.memory_update = "an older note";
  auto note = make_model_decision(1);
  note.chosen.memory_update = "remember the 58k retest";
  auto silent = make_model_decision(2); // a model decision without a note
  silent.chosen.memory_update.clear();
  std::vector<decision_record> rows{old, note, silent};
  for (int i = 0; i < 1000; ++i)
    rows.push_back(make_evaluator_decision(10 + i));
  REQUIRE(db.append(rows) == caf::none);
  CHECK(db.last_memory().value() == "remember the 58k retest");
  // The query goes through the partial index, not a scan of every row.
  sql::connection raw{dir.file("journal.sqlite")};
  sql::statement plan{raw, "EXPLAIN QUERY PLAN SELECT memory_update FROM decisions"
                           " WHERE source = 'model' AND memory_update <> ''"
                           " ORDER BY id DESC LIMIT 1"};
  std::string steps;
  while (plan.step())
    steps += plan.text_at(3) + "\n";
  CHECK_THAT(steps, Catch::Contains("decisions_memory"));
}

TEST_CASE("the gate's schedule is kept, replaced, and read back across a reopen") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  gate_schedule x;
  x.ts = test::t0;
  x.next_check = test::t0 + 1h;
  x.passes_today = 7;
  x.wake_conditions = {{"BTCUSDT", wake_metric::price, wake_op::lt, 58000.5},
                       {"ETHUSDT", wake_metric::zscore_volume, wake_op::ge, 3}};
  {
    auto db = test::open_journal(path);
    REQUIRE(db.load_schedule().value().empty());
    auto first = x;
    first.passes_today = 1;
    REQUIRE(db.save_schedule(first) == caf::none);
    REQUIRE(db.save_schedule(x) == caf::none);
    REQUIRE(db.close() == caf::none);
  }
  auto db = test::open_journal(path);
  auto kept = db.load_schedule();
  REQUIRE(kept);
  REQUIRE(kept->size() == 1);
  auto& k = kept->front();
  CHECK(k.ts == x.ts);
  CHECK(k.next_check == x.next_check);
  CHECK(k.passes_today == 7);
  REQUIRE(k.wake_conditions.size() == 2);
  CHECK(k.wake_conditions[1].symbol == "ETHUSDT");
  CHECK(k.wake_conditions[1].metric == wake_metric::zscore_volume);
  CHECK(k.wake_conditions[0].threshold == 58000.5);
}

TEST_CASE("a version 2 journal migrates to the current schema and keeps its decisions") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    // Version 2 as released: the first two steps, never edited since.
    sql::connection raw{path};
    auto& steps = journal_migrations();
    REQUIRE(migrate(raw, {steps[0], steps[1]}, "v2") == caf::none);
    auto ts = std::to_string(test::t0.time_since_epoch().count());
    raw.exec("INSERT INTO decisions VALUES(NULL, " + ts
             + ", 'model', 'timer', '', 'next check due', " + ts
             + ", 'anthropic', 'claude-sonnet-4-5', '', 'ok', '{}', 0, 1, 10, 20, 0, 0, 0.5, 900,"
               " 'an old note', 'why', 0, '[]', '[]', '[]', '[]')");
  }
  auto db = test::open_journal(path);
  CHECK(db.schema_version() == static_cast<int64_t>(journal_migrations().size()));
  auto xs = db.last_decisions(5);
  REQUIRE(xs);
  REQUIRE(xs->size() == 1);
  CHECK(xs->at(0).history_gaps == "");
  CHECK(xs->at(0).chosen.cost_usd == 0.5);
  CHECK(db.last_memory().value() == "an old note");
  CHECK(db.latest_day_spend().value().second == 0.5);
  CHECK(db.load_schedule().value().empty());
}
