// The learner's tables (schema version 7): an applied trade and the
// posteriors it moved are kept together, once per position; the exits not
// learned yet come back with their entry decision's signals.

#include "runtime/journal/journal_db.hpp"

#include "test/unit/journal/journal_test_util.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

position_exit exit_of(const std::string& id, uint64_t decision_id, int64_t pnl_units,
                      timespan after) {
  position_exit x;
  x.position_id = id;
  x.symbol = "BTCUSDT";
  x.entry_decision_id = decision_id;
  x.quantity = decimal::from_units(1'000'000);
  x.entry_price = decimal::from_units(6'500'000'000'000);
  x.exit_price = decimal::from_units(6'600'000'000'000);
  x.fees = decimal::from_units(130'000'000);
  x.pnl = decimal::from_units(pnl_units);
  x.opened = test::t0;
  x.closed = test::t0 + after;
  return x;
}

learner_update update_of(const std::string& id, double alpha) {
  learner_update u;
  u.trade.position_id = id;
  u.trade.symbol = "BTCUSDT";
  u.trade.entry_decision_id = 1;
  u.trade.regime = "unknown_unknown";
  u.trade.pnl = decimal::from_units(870'000'000);
  u.trade.won = true;
  u.trade.closed = test::t0 + 1h;
  u.trade.signals = {{"momentum", 0.1, true}, {"regime", 0.25, false}};
  u.changes = {{"global", "momentum", alpha, 0, 1},
               {"unknown_unknown", "momentum", alpha, 0, 1},
               {"global", "regime", 0, 0.25, 1},
               {"unknown_unknown", "regime", 0, 0.25, 1}};
  return u;
}

} // namespace

TEST_CASE("a learned trade and its posteriors are kept once, and read back") {
  test::temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    auto db = test::open_journal(path);
    auto added = db.append_learned(update_of("p1", 0.1));
    REQUIRE(added);
    CHECK(*added);
    // The same position again, with other values: nothing changes.
    added = db.append_learned(update_of("p1", 9));
    REQUIRE(added);
    CHECK_FALSE(*added);
    // Another trade adds to what is kept.
    auto second = update_of("p2", 0.5);
    second.changes.resize(1);
    added = db.append_learned(second);
    REQUIRE(added);
    CHECK(*added);
    REQUIRE(db.close() == caf::none);
  }
  auto db = test::open_journal(path);
  auto kept = db.load_learner();
  REQUIRE(kept);
  REQUIRE(kept->posteriors.size() == 4);
  CHECK(kept->posteriors[0].scope == "global");
  CHECK(kept->posteriors[0].signal == "momentum");
  CHECK(kept->posteriors[0].alpha == Approx(1.6));
  CHECK(kept->posteriors[0].beta == 1);
  CHECK(kept->posteriors[0].updates == 2);
  CHECK(kept->posteriors[1].signal == "regime");
  CHECK(kept->posteriors[1].beta == 1.25);
  CHECK(kept->posteriors[1].updates == 1);
  CHECK(kept->posteriors[2].scope == "unknown_unknown");
  CHECK(kept->posteriors[2].alpha == Approx(1.1));
  REQUIRE(kept->trades.size() == 2);
  auto& t = kept->trades[0];
  CHECK(t.position_id == "p1");
  CHECK(t.regime == "unknown_unknown");
  CHECK(t.won);
  CHECK(t.pnl == decimal::from_units(870'000'000));
  CHECK(t.closed == test::t0 + 1h);
  REQUIRE(t.signals.size() == 2);
  CHECK(t.signals[0].name == "momentum");
  CHECK(t.signals[0].weight == 0.1);
  CHECK(t.signals[0].right);
  CHECK_FALSE(t.signals[1].right);
  CHECK(kept->pending.empty());
}

TEST_CASE("exits not learned yet come back oldest first with their entry decision") {
  test::temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  REQUIRE(db.append(std::vector<decision_record>{test::make_model_decision(0)}) == caf::none);
  auto id = db.last_decision_id();
  REQUIRE(id);
  auto decision_id = static_cast<uint64_t>(*id);
  REQUIRE(db.append_exit(exit_of("p2", decision_id, -5, 2h)));
  REQUIRE(db.append_exit(exit_of("p1", decision_id, 870'000'000, 1h)));
  REQUIRE(db.append_exit(exit_of("p3", decision_id + 100, 1, 3h)));
  REQUIRE(db.append_learned(update_of("p1", 0.1)));
  auto kept = db.load_learner();
  REQUIRE(kept);
  REQUIRE(kept->pending.size() == 2);
  auto& first = kept->pending[0];
  CHECK(first.exit.position_id == "p2");
  CHECK(first.exit.pnl == decimal::from_units(-5));
  CHECK(first.entry.found);
  CHECK(first.entry.action == trade_action::buy);
  REQUIRE(first.entry.signals.size() == 2);
  CHECK(first.entry.signals[0].name == "momentum");
  CHECK(first.entry.signals[0].confidence == 0.1);
  // Its decision is not in the journal: no signals to learn.
  CHECK(kept->pending[1].exit.position_id == "p3");
  CHECK_FALSE(kept->pending[1].entry.found);
  CHECK(kept->pending[1].entry.signals.empty());
}

TEST_CASE("the entry of a trade is its symbol's part of the decision") {
  test::temp_dir dir;
  auto db = test::open_journal(dir.file("journal.sqlite"));
  REQUIRE(db.append(std::vector<decision_record>{test::make_model_decision(0)}) == caf::none);
  auto id = static_cast<uint64_t>(*db.last_decision_id());
  auto sol = db.learner_entry_of(id, "SOLUSDT");
  REQUIRE(sol);
  CHECK(sol->found);
  CHECK(sol->action == trade_action::sell);
  REQUIRE(sol->signals.size() == 1);
  CHECK(sol->signals[0].direction == signal_direction::neutral);
  auto xrp = db.learner_entry_of(id, "XRPUSDT");
  REQUIRE(xrp);
  CHECK_FALSE(xrp->found);
  auto missing = db.learner_entry_of(id + 1, "BTCUSDT");
  REQUIRE(missing);
  CHECK_FALSE(missing->found);
}
