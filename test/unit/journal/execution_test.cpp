// The order path's tables (schema version 5): write-ahead intents and their
// states, fills kept once, positions, exits, balances, and what a restart
// restores; and a version 4 journal migrated with its rows intact.

#include "journal_test_util.hpp"

#include "messages/error.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/migrations.hpp"
#include "runtime/journal/sqlite.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::dec;
using tn::test::make_fill;
using tn::test::t0;
using tn::test::temp_dir;

namespace {

order_request intent(const std::string& client_id, timespan after = {}) {
  order_request x;
  x.client_id = client_id;
  x.decision_id = 42;
  x.symbol = "BTCUSDT";
  x.side = order_side::buy;
  x.type = order_type::limit_maker;
  x.quantity = dec("0.00012345");
  x.price = dec("117224.79");
  x.stop_price = dec("0.00000001");
  x.reduce_only = true;
  x.reason = order_reason::trailing_stop;
  x.ts = t0 + after;
  return x;
}

order_update update(const std::string& client_id, order_state state, timespan after = 1s) {
  order_update x;
  x.client_id = client_id;
  x.symbol = "BTCUSDT";
  x.state = state;
  x.ts = t0 + after;
  return x;
}

position make_position(const std::string& id, const char* qty) {
  position x;
  x.position_id = id;
  x.symbol = "ETHUSDT";
  x.quantity = dec(qty);
  x.entry_price = dec("3000.12345678");
  x.fees = dec("0.6");
  x.best_price = dec("3100");
  x.trailing_armed = true;
  x.entry_decision_id = 7;
  x.opened = t0;
  return x;
}

position_exit make_exit(const std::string& id, timestamp closed, const char* pnl) {
  position_exit x;
  x.position_id = id;
  x.symbol = "ETHUSDT";
  x.entry_decision_id = 7;
  x.reason = order_reason::stop_loss;
  x.quantity = dec("1");
  x.entry_price = dec("3000");
  x.exit_price = dec("2880");
  x.fees = dec("1.2");
  x.pnl = dec(pnl);
  x.opened = t0;
  x.closed = closed;
  return x;
}

int64_t count_rows(const std::string& path, const std::string& table) {
  sql::connection db{path};
  return sql::query_int64(db, "SELECT count(*) FROM " + table);
}

} // namespace

TEST_CASE("a version 4 journal migrates to version 5 with its rows intact") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    // The released steps are never edited: the first four make a real v4 file.
    sql::connection db{path};
    std::vector<std::string> v4(journal_migrations().begin(), journal_migrations().begin() + 4);
    REQUIRE(migrate(db, v4, "v4") == caf::none);
    db.exec("INSERT INTO events(ts_ns, topic, level, text) VALUES(1, 'market', 1, 'kept');"
            "INSERT INTO gate_schedule VALUES(1, 2, 3, 4, '[]');");
    REQUIRE(sql::query_int64(db, "PRAGMA user_version") == 4);
  }
  auto db = test::open_journal(path);
  CHECK(db.schema_version() == static_cast<int64_t>(journal_migrations().size()));
  auto events = db.events_since("", 0);
  REQUIRE(events);
  REQUIRE(events->size() == 1);
  CHECK(events->at(0).value.text == "kept");
  auto schedule = db.load_schedule();
  REQUIRE(schedule);
  REQUIRE(schedule->size() == 1);
  CHECK(schedule->at(0).passes_today == 4);
  auto state = db.load_execution();
  REQUIRE(state);
  CHECK(state->open_orders.empty());
  CHECK(state->positions.empty());
  CHECK(state->balances.empty());
  CHECK(state->day == timestamp{});
  REQUIRE(db.append_intent(intent("o1")).value());
}

TEST_CASE("an order's intent and states are journaled exactly, and a final state stays") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  CHECK(db.append_intent(intent("o1")).value());
  auto again = intent("o1", 5s);
  again.quantity = dec("9");
  CHECK_FALSE(db.append_intent(again).value()); // the first intent stays
  auto rows = db.last_orders(10).value();
  REQUIRE(rows.size() == 1);
  auto& r = rows[0].request;
  auto want = intent("o1");
  CHECK(r.client_id == "o1");
  CHECK(r.decision_id == 42);
  CHECK(r.side == order_side::buy);
  CHECK(r.type == order_type::limit_maker);
  CHECK(r.quantity == want.quantity);
  CHECK(r.price == want.price);
  CHECK(r.stop_price == want.stop_price);
  CHECK(r.reduce_only);
  CHECK(r.reason == order_reason::trailing_stop);
  CHECK(r.ts == t0);
  CHECK(rows[0].last.state == order_state::intent);

  auto open = update("o1", order_state::open);
  open.exchange_order_id = "123456789";
  CHECK(db.update_order(open).value());
  auto part = update("o1", order_state::partially_filled, 2s);
  part.filled_quantity = dec("0.0001");
  part.average_price = dec("117224.78999999");
  CHECK(db.update_order(part).value());
  auto last = db.last_orders(1).value().at(0).last;
  CHECK(last.state == order_state::partially_filled);
  CHECK(last.exchange_order_id == "123456789"); // an update without the id keeps it
  CHECK(last.filled_quantity == part.filled_quantity);
  CHECK(last.average_price == part.average_price);
  CHECK(last.ts == t0 + 2s);
  CHECK(last.symbol == "BTCUSDT");

  auto done = update("o1", order_state::canceled, 3s);
  done.reason = "canceled by the operator";
  CHECK(db.update_order(done).value());
  CHECK_FALSE(db.update_order(update("o1", order_state::open, 4s)).value());
  last = db.last_orders(1).value().at(0).last;
  CHECK(last.state == order_state::canceled);
  CHECK(last.reason == "canceled by the operator");

  auto unknown = db.update_order(update("nobody", order_state::open));
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error() == ec::invalid_argument);
  CHECK_THAT(test::text_of(unknown.error()), Catch::Contains("order nobody has no journaled intent"));
}

TEST_CASE("a fill read twice is kept once") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  CHECK(db.append_fill(make_fill(7, t0)).value());
  CHECK_FALSE(db.append_fill(make_fill(7, t0 + 1s)).value());
  auto other_symbol = make_fill(7, t0);
  other_symbol.symbol = "ETHUSDT"; // trade ids are unique per symbol only
  CHECK(db.append_fill(other_symbol).value());
  CHECK(count_rows(path, "fills") == 2);
}

TEST_CASE("a restart restores orders not final, open positions, balances and the day's results") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  {
    auto db = test::open_journal(path);
    for (auto id : {"filled", "resting", "pending", "dropped"})
      REQUIRE(db.append_intent(intent(id)).value());
    REQUIRE(db.update_order(update("filled", order_state::filled)).value());
    REQUIRE(db.update_order(update("resting", order_state::open)).value());
    REQUIRE(db.update_order(update("dropped", order_state::dropped)).value());

    REQUIRE(db.save_position(make_position("p1", "1.5")) == caf::none);
    auto moved = make_position("p1", "2");
    moved.best_price = dec("3200.5");
    REQUIRE(db.save_position(moved) == caf::none); // replaces the row
    REQUIRE(db.save_position(make_position("p2", "1")) == caf::none);
    REQUIRE(db.save_position(make_position("p3", "1")) == caf::none);
    REQUIRE(db.save_position(make_position("p3", "0")) == caf::none); // closed
    REQUIRE(db.append_exit(make_exit("p2", t0 + 30h, "-121.2")).value()); // closes p2
    CHECK_FALSE(db.append_exit(make_exit("p2", t0 + 31h, "5")).value());
    REQUIRE(db.append_exit(make_exit("old", t0 + 1h, "1000")).value()); // an earlier day

    REQUIRE(db.save_balances({{"USDT", dec("1"), dec("2")}}) == caf::none);
    REQUIRE(db.save_balances({{"USDT", dec("9500.12345678"), dec("10")},
                              {"BTC", dec("0.00012345"), decimal{}}})
            == caf::none);
    REQUIRE(db.append_fill(make_fill(1, t0 + 29h, "0.5")).value());
    REQUIRE(db.append_fill(make_fill(2, t0 + 30h, "0.25")).value());
    auto bnb = make_fill(3, t0 + 30h, "0.001");
    bnb.fee_asset = "BNB";
    REQUIRE(db.append_fill(bnb).value());
    REQUIRE(db.append_fill(make_fill(4, t0 + 1h, "100")).value()); // an earlier day
    REQUIRE(db.close() == caf::none);
  }
  auto db = test::open_journal(path);
  auto state = db.load_execution().value();
  REQUIRE(state.open_orders.size() == 2);
  CHECK(state.open_orders[0].request.client_id == "resting");
  CHECK(state.open_orders[0].last.state == order_state::open);
  CHECK(state.open_orders[1].request.client_id == "pending");
  CHECK(state.open_orders[1].last.state == order_state::intent);
  REQUIRE(state.positions.size() == 1);
  CHECK(state.positions[0].position_id == "p1");
  CHECK(state.positions[0].quantity == dec("2"));
  CHECK(state.positions[0].best_price == dec("3200.5"));
  CHECK(state.positions[0].entry_price == dec("3000.12345678"));
  CHECK(state.positions[0].trailing_armed);
  REQUIRE(state.balances.size() == 2);
  CHECK(state.balances[0].asset == "BTC");
  CHECK(state.balances[1].free == dec("9500.12345678"));
  CHECK(state.balances[1].locked == dec("10"));
  // t0 is 1000 h after the epoch: t0 + 30 h is on the UTC day starting at
  // 1008 h; t0 + 29 h (1029 h) too.
  CHECK(state.day == timestamp{} + 1008h);
  CHECK(state.realized_pnl_day == dec("-121.2"));
  REQUIRE(state.fees_day.size() == 2);
  CHECK(state.fees_day.at("USDT") == dec("0.75"));
  CHECK(state.fees_day.at("BNB") == dec("0.001"));
}

TEST_CASE("an order path write the database refuses is an error, and leaves nothing") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  test::exec_raw(path, "CREATE TRIGGER refuse_order BEFORE INSERT ON orders"
                       " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
  auto added = db.append_intent(intent("o1"));
  REQUIRE_FALSE(added);
  CHECK(added.error() == ec::storage_error);
  CHECK_THAT(test::text_of(added.error()),
             Catch::Contains("writing the intent of order o1 failed: refused by test"));
  CHECK(count_rows(path, "orders") == 0);
}

TEST_CASE("a paper step journals its fills, states and balances together, or none of them") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  REQUIRE(db.append_intent(intent("o1")).value());
  REQUIRE(db.append_intent(intent("o2")).value());
  std::vector<asset_balance> before{{"BTC", dec("0.001"), dec("0")},
                                    {"USDT", dec("9949.98"), dec("0")}};
  auto filled = update("o1", order_state::filled);
  CHECK(db.commit_step({make_fill(1, t0)}, {filled}, before).value() == 2);
  CHECK(count_rows(path, "fills") == 1);

  SECTION("a write the database refuses rolls the fill back with the balances") {
    test::exec_raw(path, "CREATE TRIGGER refuse_balance BEFORE INSERT ON balances"
                         " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
    auto second = make_fill(2, t0 + 2s);
    second.client_id = "o2";
    auto done = db.commit_step({second}, {update("o2", order_state::filled, 2s)},
                               {{"BTC", dec("0.002"), dec("0")}, {"USDT", dec("9899.96"), dec("0")}});
    REQUIRE_FALSE(done);
    CHECK(done.error() == ec::storage_error);
    CHECK_THAT(test::text_of(done.error()), Catch::Contains("refused by test"));
  }
  SECTION("an update without an intent refuses the whole step") {
    auto second = make_fill(2, t0 + 2s);
    second.client_id = "o2";
    auto done = db.commit_step({second}, {update("o2", order_state::filled, 2s),
                                          update("nobody", order_state::filled, 2s)},
                               {{"BTC", dec("0.002"), dec("0")}, {"USDT", dec("9899.96"), dec("0")}});
    REQUIRE_FALSE(done);
    CHECK(done.error() == ec::invalid_argument);
    CHECK_THAT(test::text_of(done.error()), Catch::Contains("order nobody has no journaled intent"));
  }
  // Neither the second fill, nor o2's state, nor the balances it caused.
  CHECK(count_rows(path, "fills") == 1);
  auto state = db.load_execution().value();
  REQUIRE(state.open_orders.size() == 1);
  CHECK(state.open_orders[0].request.client_id == "o2");
  CHECK(state.open_orders[0].last.state == order_state::intent);
  REQUIRE(state.balances.size() == 2);
  CHECK(state.balances[0].free == dec("0.001"));
  CHECK(state.balances[1].free == dec("9949.98"));
}

TEST_CASE("a paper step seen before keeps its fill once and its final state") {
  temp_dir dir;
  auto path = dir.file("journal.sqlite");
  auto db = test::open_journal(path);
  REQUIRE(db.append_intent(intent("o1")).value());
  std::vector<asset_balance> balances{{"USDT", dec("9949.98"), dec("0")}};
  CHECK(db.commit_step({make_fill(1, t0)}, {update("o1", order_state::filled)}, balances).value()
        == 2);
  CHECK(db.commit_step({make_fill(1, t0)}, {update("o1", order_state::canceled)}, {}).value()
        == 0);
  CHECK(count_rows(path, "fills") == 1);
  CHECK(db.load_execution().value().open_orders.empty());
  CHECK(db.load_execution().value().balances.size() == 1);
}
