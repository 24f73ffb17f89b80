// Decisions in the journal: every field back as it was written, the last N
// oldest first, across a reopen, and a row this build cannot read.

#include "journal_test_util.hpp"

#include "messages/error.hpp"
#include "runtime/journal/journal_db.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::check_same;
using tn::test::make_evaluator_decision;
using tn::test::make_model_decision;
using tn::test::temp_dir;

namespace {

std::vector<decision_record> last(journal_db& db, uint32_t count) {
  auto xs = db.last_decisions(count);
  REQUIRE(xs);
  return std::move(*xs);
}

std::vector<int64_t> next_checks(const std::vector<decision_record>& xs) {
  std::vector<int64_t> result;
  for (auto& x : xs)
    result.push_back(x.chosen.next_check_seconds);
  return result;
}

} // namespace

TEST_CASE("a model decision round-trips with usage, cost, rejections, signals and wakes") {
  temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  auto x = make_model_decision();
  REQUIRE(db.append(std::vector<decision_record>{x}) == caf::none);
  auto xs = last(db, 10);
  REQUIRE(xs.size() == 1);
  check_same(xs[0], x);
}

TEST_CASE("an evaluator decision round-trips with its empty model fields") {
  temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  auto x = make_evaluator_decision(7);
  auto rejected = make_model_decision(8);
  rejected.chosen.validation.whole_rejected = true;
  rejected.chosen.decisions.clear();
  rejected.model_outcome = "failed: no tool_use block";
  REQUIRE(db.append(std::vector<decision_record>{x, rejected}) == caf::none);
  auto xs = last(db, 2);
  REQUIRE(xs.size() == 2);
  check_same(xs[0], x);
  check_same(xs[1], rejected);
  CHECK(xs[0].chosen.source == decision_source::evaluator);
  CHECK(xs[0].trigger.symbol.empty());
  CHECK(xs[0].backend.empty());
  CHECK(xs[0].chosen.wake_conditions.empty());
  CHECK(xs[1].chosen.validation.whole_rejected);
}

TEST_CASE("the last N decisions come oldest first, in the order they were written") {
  temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  CHECK(last(db, 5).empty());
  for (int n = 0; n < 3; ++n)
    REQUIRE(db.append(std::vector<decision_record>{make_evaluator_decision(n)}) == caf::none);
  // Written later, stamped earlier: the journal keeps the order of writing.
  REQUIRE(db.append(std::vector<decision_record>{make_model_decision(-10),
                                                 make_evaluator_decision(4)})
          == caf::none);
  auto all = last(db, 100);
  CHECK(next_checks(all) == std::vector<int64_t>{60, 60, 60, 890, 60});
  CHECK(all[3].chosen.source == decision_source::model);
  auto two = last(db, 2);
  REQUIRE(two.size() == 2);
  check_same(two[0], make_model_decision(-10));
  check_same(two[1], make_evaluator_decision(4));
  CHECK(last(db, 5).size() == 5);
  CHECK(last(db, 0).empty());
}

TEST_CASE("decisions survive closing and reopening the journal") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    auto db = test::open_journal(path);
    REQUIRE(db.append(std::vector<decision_record>{make_model_decision(1)}) == caf::none);
    REQUIRE(db.append(std::vector<decision_record>{make_evaluator_decision(2)}) == caf::none);
    REQUIRE(db.close() == caf::none);
  }
  auto db = test::open_journal(path);
  auto xs = last(db, 10);
  REQUIRE(xs.size() == 2);
  check_same(xs[0], make_model_decision(1));
  check_same(xs[1], make_evaluator_decision(2));
}

TEST_CASE("a batch of decisions is one transaction: all or none") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  {
    sql::connection raw{path};
    raw.exec("CREATE TRIGGER refuse_decision BEFORE INSERT ON decisions"
             " WHEN NEW.backend = 'bad' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
  }
  auto bad = make_model_decision(1);
  bad.backend = "bad";
  auto err = db.append(std::vector<decision_record>{make_evaluator_decision(0), bad});
  CHECK(err == ec::storage_error);
  CHECK_THAT(test::text_of(err),
             Catch::Contains("writing decisions failed") && Catch::Contains("refused by test"));
  CHECK(last(db, 10).empty());
  REQUIRE(db.append(std::vector<decision_record>{make_evaluator_decision(0)}) == caf::none);
  CHECK(last(db, 10).size() == 1);
}

TEST_CASE("a decision row this build cannot read is refused with the column and value") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  REQUIRE(db.append(std::vector<decision_record>{make_model_decision()}) == caf::none);
  sql::connection raw{path};
  SECTION("an unknown source") {
    raw.exec("UPDATE decisions SET source = 'oracle'");
    auto xs = db.last_decisions(1);
    REQUIRE_FALSE(xs);
    CHECK(xs.error() == ec::storage_error);
    CHECK_THAT(test::text_of(xs.error()),
               Catch::Contains(path) && Catch::Contains("reading decisions failed")
                 && Catch::Contains("source: 'oracle' is not one of the names written"));
  }
  SECTION("a list that is not what was written") {
    raw.exec("UPDATE decisions SET wake_conditions = '[{\"symbol\":\"BTCUSDT\"}]'");
    auto xs = db.last_decisions(1);
    REQUIRE_FALSE(xs);
    CHECK_THAT(test::text_of(xs.error()),
               Catch::Contains("wake_conditions: [0].metric: missing or not a string"));
  }
}

TEST_CASE("a decision on the position tracker's re-evaluation pass round-trips") {
  temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  auto x = make_evaluator_decision(3);
  x.trigger = {"BTCUSDT", pass_reason::reevaluation, "open position BTCUSDT 0.5 @ 100",
               test::t0 + 3s};
  REQUIRE(db.append(std::vector<decision_record>{x}) == caf::none);
  auto xs = last(db, 1);
  REQUIRE(xs.size() == 1);
  check_same(xs[0], x);
  CHECK(xs[0].trigger.reason == pass_reason::reevaluation);
}
