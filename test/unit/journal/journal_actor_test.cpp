// The journal actor runs detached, on its own thread, which CAF's test
// scheduler does not drive: these tests use a real actor system and wait
// for answers with deadlines.

#include "journal_test_util.hpp"
#include "test/unit/threaded_system.hpp"

#include "messages/actors.hpp"
#include "messages/error.hpp"
#include "messages/order.hpp"
#include "messages/register.hpp"
#include "runtime/event_log_actor.hpp"
#include "runtime/journal/journal_actor.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/migrations.hpp"

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include <mutex>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::make_candle;
using tn::test::make_event;
using tn::test::temp_dir;

namespace {


/// Lines written by actors on other threads.
class captured_lines {
public:
  line_sink sink() {
    return [this](const std::string& line) {
      std::lock_guard<std::mutex> guard{mtx_};
      lines_.push_back(line);
    };
  }

  std::vector<std::string> get() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return lines_;
  }

private:
  mutable std::mutex mtx_;
  std::vector<std::string> lines_;
};

/// A base of its own, so it is destroyed after the actor system (a later
/// base) has stopped every actor that writes to it.
struct with_lines {
  captured_lines lines;
};

struct system_fixture : with_lines, test::threaded_system {
  system_fixture() : threaded_system(1) {
  }

  /// The error a request is answered with; the test fails on a value.
  template <class Handle, class... Ts>
  caf::error ask_error(const Handle& dest, Ts&&... xs) {
    caf::error result;
    self->request(dest, deadline, std::forward<Ts>(xs)...)
      .receive([&](uint64_t) { FAIL("answered with a value"); },
               [&](caf::error& e) { result = std::move(e); });
    return result;
  }
};

} // namespace

TEST_CASE_METHOD(system_fixture, "the journal actor persists events and closed candles") {
  temp_dir dir;
  auto path = journal_path(dir.file("data"));
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  self->send(journal, atom::publish_v, make_event("market", "one", severity::info, 1s));
  self->send(journal, atom::publish_v, make_event("supervisor", "two", severity::info, 2s));
  tick_batch batch;
  batch.ticks.push_back({"BTCUSDT", test::t0, test::t0, 100, 1});
  batch.closed = {make_candle("BTCUSDT", 0), make_candle("BTCUSDT", 1)};
  self->send(journal, batch);
  self->send(journal, batch); // replayed: stored once
  CHECK(ask<uint64_t>(journal, atom::flush_v) == 4);
  auto st = ask<status_report>(journal, atom::status_v);
  CHECK(st.service == "journal");
  CHECK(st.counters.at("events_written") == 2);
  CHECK(st.counters.at("candles_written") == 2);
  CHECK(st.counters.at("write_errors") == 0);
  CHECK(st.facts.at("path") == path);
  CHECK(lines.get().empty());
  CHECK(stop(journal) == caf::exit_reason::user_shutdown);
  auto said = lines.get();
  REQUIRE(said.size() == 1);
  CHECK_THAT(said[0], Catch::Contains("journal info journal flushed: 2 events, 2 candles"));
  auto db = journal_db::open(path);
  REQUIRE(db);
  auto events = db->events_since("", 0);
  REQUIRE(events);
  REQUIRE(events->size() == 2);
  CHECK(events->at(1).value.text == "two");
  auto bars = db->last_candles("BTCUSDT", interval::m1, 10);
  REQUIRE(bars);
  CHECK(bars->size() == 2);
}

TEST_CASE_METHOD(system_fixture, "the journal actor persists decisions and answers the last ones") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  CHECK(ask<std::vector<decision_record>>(journal, atom::decisions_v, uint32_t{5}).empty());
  caf::anon_send(journal, atom::publish_v, test::make_model_decision(1));
  caf::anon_send(journal, atom::publish_v, make_event("trader", "between"));
  caf::anon_send(journal, atom::publish_v, test::make_evaluator_decision(2));
  caf::anon_send(journal, atom::publish_v, test::make_model_decision(3));
  // Messages are handled in order: the query sees every decision sent before.
  auto last2 = ask<std::vector<decision_record>>(journal, atom::decisions_v, uint32_t{2});
  REQUIRE(last2.size() == 2);
  test::check_same(last2[0], test::make_evaluator_decision(2));
  test::check_same(last2[1], test::make_model_decision(3));
  CHECK(ask<std::vector<decision_record>>(journal, atom::decisions_v, uint32_t{10}).size() == 3);
  CHECK(ask<uint64_t>(journal, atom::flush_v) == 4);
  auto st = ask<status_report>(journal, atom::status_v);
  CHECK(st.counters.at("decisions_written") == 3);
  CHECK(st.facts.at("schema") == std::to_string(journal_migrations().size()));
  stop(journal);
  auto said = lines.get();
  REQUIRE(said.size() == 1);
  CHECK_THAT(said[0], Catch::Contains("1 events, 0 candles, 3 decisions"));
  auto db = journal_db::open(path);
  REQUIRE(db);
  auto xs = db->last_decisions(10);
  REQUIRE(xs);
  REQUIRE(xs->size() == 3);
  test::check_same(xs->at(0), test::make_model_decision(1));
}

TEST_CASE_METHOD(system_fixture,
                 "a decision's acknowledgement is its journal id, unique across restarts") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    auto journal = keep(spawn_journal(sys, path, lines.sink()));
    CHECK(ask<uint64_t>(journal, atom::publish_v, test::make_model_decision(1)) == 1);
    CHECK(ask<uint64_t>(journal, atom::publish_v, test::make_evaluator_decision(2)) == 2);
    stop(journal);
  }
  // Counting since start would say 1 again, and client ids derived from
  // it would repeat an earlier order's.
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  CHECK(ask<uint64_t>(journal, atom::publish_v, test::make_model_decision(3)) == 3);
}

TEST_CASE_METHOD(system_fixture,
                 "the journal's client id epoch is its own and the same across restarts") {
  temp_dir dir;
  std::string first;
  {
    auto journal = keep(spawn_journal(sys, dir.file("a/journal.sqlite"), lines.sink()));
    first = ask<std::string>(journal, atom::epoch_v);
    stop(journal);
  }
  CHECK(first.size() == 8);
  auto again = keep(spawn_journal(sys, dir.file("a/journal.sqlite"), lines.sink()));
  CHECK(ask<std::string>(again, atom::epoch_v) == first);
  // A fresh data dir: decision ids start at 1 again, the epoch differs.
  auto fresh = keep(spawn_journal(sys, dir.file("b/journal.sqlite"), lines.sink()));
  CHECK(ask<std::string>(fresh, atom::epoch_v) != first);
  stop(again);
  stop(fresh);
}

TEST_CASE_METHOD(system_fixture,
                 "the journal actor answers an unreadable decision with the error") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  REQUIRE(ask<uint64_t>(journal, atom::publish_v, test::make_model_decision(1)) == 1);
  {
    sql::connection raw{path};
    raw.exec("UPDATE decisions SET trigger_reason = 'hunch'");
  }
  caf::error err;
  self->request(journal, deadline, atom::decisions_v, uint32_t{1})
    .receive([](std::vector<decision_record>&) { FAIL("answered"); },
             [&](caf::error& e) { err = std::move(e); });
  CHECK(err == ec::storage_error);
  CHECK_THAT(test::text_of(err), Catch::Contains("trigger_reason: 'hunch'"));
  // The journal runs on.
  CHECK(ask<status_report>(journal, atom::status_v).counters.at("decisions_written") == 1);
  stop(journal);
}

TEST_CASE_METHOD(system_fixture,
                 "a write error is counted, reported once, and the journal runs on") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  REQUIRE(journal_db::open(path));
  test::refuse_bad_rows(path);
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  self->send(journal, atom::publish_v, make_event("bad", "x"));
  self->send(journal, atom::publish_v, make_event("bad", "y"));
  self->send(journal, atom::publish_v, make_event("good", "z"));
  // The flush after a lost write says so, once.
  CHECK(ask_error(journal, atom::flush_v) == ec::storage_error);
  CHECK(ask<uint64_t>(journal, atom::flush_v) == 1);
  auto st = ask<status_report>(journal, atom::status_v);
  CHECK(st.counters.at("write_errors") == 2);
  CHECK(st.counters.at("events_written") == 1);
  auto said = lines.get();
  REQUIRE(said.size() == 2);
  CHECK_THAT(said[0], Catch::Contains("journal error") && Catch::Contains("refused by test"));
  CHECK_THAT(said[1], Catch::Contains("journal info journal writes again after 2 failed writes"));
  stop(journal);
}

TEST_CASE_METHOD(system_fixture,
                 "a decision is acknowledged once committed, and a lost one answers the error") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  CHECK(ask<uint64_t>(journal, atom::publish_v, test::make_model_decision(1)) == 1);
  test::exec_raw(path, "CREATE TRIGGER refuse_decision BEFORE INSERT ON decisions"
                       " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
  auto err = ask_error(journal, atom::publish_v, test::make_model_decision(2));
  CHECK(err == ec::storage_error);
  CHECK_THAT(test::text_of(err), Catch::Contains("writing decisions failed: refused by test"));
  stop(journal);
}

TEST_CASE_METHOD(system_fixture,
                 "a journal that cannot write raises one journal event, reports itself unhealthy, "
                 "and recovers with the next write that succeeds") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  REQUIRE(journal_db::open(path));
  auto refuse_all = [&](bool on) {
    test::exec_raw(path, on ? "CREATE TRIGGER refuse_all BEFORE INSERT ON events"
                              " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
                            : "DROP TRIGGER refuse_all");
  };
  refuse_all(true); // as a full disk: the journal's own event fails too
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  auto log = keep(spawn_event_log(sys, 10, {}));
  auto announce = [&](auto& to, const char* name, auto& peer) {
    self->send(to, atom::announce_v, std::string{name},
               caf::actor_cast<caf::strong_actor_ptr>(peer));
  };
  announce(log, "journal", journal);
  announce(journal, "event_log", log);
  auto health = [&] {
    std::pair<bool, std::string> out;
    self->request(journal, deadline, atom::health_v)
      .receive([&](bool ok, std::string& why) { out = {ok, std::move(why)}; },
               [&](caf::error& e) { FAIL("health failed: " << sys.render(e)); });
    return out;
  };
  CHECK(health().first);
  for (auto text : {"x", "y", "z"})
    self->send(log, atom::publish_v, make_event("bad", text));
  // The event log forwarded them, then the journal tried each.
  REQUIRE(ask<std::vector<event>>(log, atom::events_v, std::string{"bad"}).size() == 3);
  auto [ok, why] = health();
  CHECK_FALSE(ok);
  CHECK_THAT(why, Catch::Contains("refused by test"));
  // The journal's own event went to the log (and back, failing as well
  // without a second report): one error for the whole outage.
  auto said = ask<std::vector<event>>(log, atom::events_v, std::string{"journal"});
  REQUIRE(said.size() == 1);
  CHECK(said[0].level == severity::error);
  CHECK_THAT(said[0].text, Catch::Contains("no new decisions until the journal can write again"));
  refuse_all(false);
  self->send(log, atom::publish_v, make_event("good", "w"));
  REQUIRE(ask<std::vector<event>>(log, atom::events_v, std::string{"good"}).size() == 1);
  CHECK(health().first);
  said = ask<std::vector<event>>(log, atom::events_v, std::string{"journal"});
  REQUIRE(said.size() == 2);
  CHECK_THAT(said[1].text, Catch::StartsWith("journal writes again after"));
  CHECK(lines.get().empty()); // it told the event log, not its own sink
  stop(log);
  stop(journal);
}

TEST_CASE_METHOD(system_fixture, "a journal that cannot open its file quits with the reason") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  test::write_file(path, std::string(4096, 'x'));
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  self->monitor(journal);
  caf::error reason;
  self->receive([&](caf::down_msg& dm) { reason = std::move(dm.reason); },
                caf::after(deadline) >> [] {});
  CHECK(reason == ec::storage_error);
  CHECK_THAT(sys.render(reason), Catch::Contains("not an SQLite database"));
  CHECK(lines.get().empty());
}

TEST_CASE_METHOD(system_fixture, "the event log forwards every event to its journal") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  auto log = keep(spawn_event_log(sys, 10, {}));
  self->send(log, atom::announce_v, std::string{"journal"},
             caf::actor_cast<caf::strong_actor_ptr>(journal));
  for (int i = 0; i < 3; ++i)
    self->send(log, atom::publish_v, make_event("t", std::to_string(i)));
  // The log answers after it forwarded the events; the journal answers
  // after it committed them.
  CHECK(ask<std::vector<event>>(log, atom::events_v, std::string{"t"}).size() == 3);
  CHECK(ask<uint64_t>(journal, atom::flush_v) == 3);
  stop(log);
  stop(journal);
  auto db = journal_db::open(path);
  REQUIRE(db);
  auto events = db->events_since("t", 0);
  REQUIRE(events);
  CHECK(events->size() == 3);
}

namespace {

order_request make_intent(const std::string& client_id) {
  order_request x;
  x.client_id = client_id;
  x.symbol = "BTCUSDT";
  x.quantity = decimal::from_int(1);
  x.ts = test::t0;
  return x;
}

int64_t rows_in(const std::string& path, const std::string& table) {
  sql::connection raw{path};
  return sql::query_int64(raw, "SELECT count(*) FROM " + table);
}

} // namespace

TEST_CASE_METHOD(system_fixture,
                 "the order path's writes are answered once committed, and restored") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  CHECK(ask<uint64_t>(journal, atom::order_v, make_intent("o1")) == 1);
  // Answered: the intent is in the file, for any other reader.
  CHECK(rows_in(path, "orders") == 1);
  CHECK(ask<uint64_t>(journal, atom::order_v, make_intent("o1")) == 0);
  order_update open{"o1", "BTCUSDT", order_state::open, {}, {}, "77", "", test::t0 + 1s};
  CHECK(ask<uint64_t>(journal, atom::publish_v, open) == 1);
  fill f{"o1", "BTCUSDT", order_side::buy, 9, decimal::from_int(1), decimal::from_int(100),
         decimal::from_units(10'000'000), "USDT", false, test::t0 + 2s};
  CHECK(ask<uint64_t>(journal, atom::publish_v, f) == 1);
  CHECK(ask<uint64_t>(journal, atom::publish_v, f) == 0);
  CHECK(rows_in(path, "fills") == 1);
  position p{"p1", "BTCUSDT", decimal::from_int(1), decimal::from_int(100), {}, {}, false, 0,
             test::t0};
  CHECK(ask<uint64_t>(journal, atom::publish_v, p) == 1);
  CHECK(ask<uint64_t>(journal, atom::publish_v,
                      std::vector<asset_balance>{{"USDT", decimal::from_int(900), {}},
                                                 {"BTC", decimal::from_int(1), {}}})
        == 2);
  self->send(journal, atom::publish_v,
             risk_verdict{1, "BTCUSDT", trade_action::buy, 0.1, risk_outcome::accepted, "",
                          "o1", decimal::from_int(1), test::t0});
  auto state = ask<execution_journal>(journal, atom::restore_v);
  REQUIRE(state.open_orders.size() == 1);
  CHECK(state.open_orders[0].last.exchange_order_id == "77");
  CHECK(state.positions.size() == 1);
  CHECK(state.balances.size() == 2);
  CHECK(state.fees_day.at("USDT") == decimal::from_units(10'000'000));
  CHECK(rows_in(path, "risk_verdicts") == 1);
  position_exit x;
  x.position_id = "p1";
  x.closed = test::t0 + 3s;
  CHECK(ask<uint64_t>(journal, atom::publish_v, x) == 1);
  CHECK(ask<execution_journal>(journal, atom::restore_v).positions.empty());
  auto orders = ask<std::vector<journaled_order>>(journal, atom::orders_v, uint32_t{5});
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].last.state == order_state::open);
  auto st = ask<status_report>(journal, atom::status_v);
  CHECK(st.counters.at("execution_written") == 9);
  stop(journal);
}

TEST_CASE_METHOD(system_fixture,
                 "an order path write that fails is answered with the error and makes the "
                 "journal unhealthy; an update without an intent is refused") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  REQUIRE(journal_db::open(path));
  test::exec_raw(path, "CREATE TRIGGER refuse_order BEFORE INSERT ON orders"
                       " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
                       "CREATE TRIGGER refuse_fill BEFORE INSERT ON fills"
                       " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
  auto journal = keep(spawn_journal(sys, path, lines.sink()));
  auto err = ask_error(journal, atom::order_v, make_intent("o1"));
  CHECK(err == ec::storage_error);
  CHECK_THAT(test::text_of(err), Catch::Contains("writing the intent of order o1 failed"));
  fill f;
  f.symbol = "BTCUSDT";
  CHECK(ask_error(journal, atom::publish_v, f) == ec::storage_error);
  bool healthy = true;
  self->request(journal, deadline, atom::health_v)
    .receive([&](bool ok, std::string&) { healthy = ok; },
             [&](caf::error& e) { FAIL(sys.render(e)); });
  CHECK_FALSE(healthy);
  order_update orphan;
  orphan.client_id = "nobody";
  CHECK(ask_error(journal, atom::publish_v, orphan) == ec::invalid_argument);
  CHECK(ask<status_report>(journal, atom::status_v).counters.at("write_errors") == 2);
  stop(journal);
}
