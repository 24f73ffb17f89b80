// execution.protective_stop: exchange on USDⓈ-M futures, with the node up:
// the position's stop rests at the exchange as an algo (conditional) order;
// the simulator's market falls through it, the exchange triggers it and
// fills the order it places. The broker follows that triggered order to its
// fills, so the tracker closes the position once, as a protective exit with
// the fills journaled, and the node sends no exit of its own.

#include "runtime/journal/sqlite.hpp"
#include "test/integration/recovery/recovery_fixture.hpp"

using namespace std::chrono_literals;
using namespace tn;
using namespace tn::test;

namespace {

/// The client id of the first protective algo stop the simulator holds in
/// `status` (NEW resting, FINISHED triggered), or "".
std::string algo_stop_in(const sim_record& r, const std::string& status) {
  return protective_stop_in(r, "STOP", status);
}

/// The client id of `position`'s algo stop in `status`, or "". A position
/// topped up on a later decision gets its stop moved (the old one
/// canceled, POSITION-s2 placed for the whole quantity), so the stop the
/// market meets need not be the first one.
std::string position_stop_in(const sim_record& r, const std::string& position,
                             const std::string& status) {
  for (auto& [id, o] : r.orders)
    if (o.type == "STOP" && id.rfind(position + "-s", 0) == 0 && o.status == status)
      return id;
  return "";
}

int64_t count(sql::connection& db, const std::string& sql, const std::string& arg) {
  sql::statement q{db, sql};
  q.bind(1, arg);
  REQUIRE(q.step());
  return q.int64_at(0);
}

} // namespace

TEST_CASE("a futures protective stop that triggers at the exchange is the position's one exit, "
          "followed to its fills") {
  temp_dir dir;
  auto sim_port = free_port();
  auto record = dir.file("sim-record.jsonl");
  // Seed 3: the evaluator buys at once, and the market dips 0.3 % about ten
  // market minutes (a second) later.
  auto sim = start_sim(dir, sim_port, record, {}, "3");
  auto cfg = dir.file("node.yaml");
  write(cfg, node_yaml(dir, sim_port, free_port(), exchange_stops, "futures"));
  auto node = start_node(dir, cfg, "0", key_env());

  std::string resting;
  for (int i = 0; i < 600 && resting.empty(); ++i) {
    std::this_thread::sleep_for(100ms);
    resting = algo_stop_in(read_record(record), "NEW");
  }
  INFO("node log: " << dir.file("stderr0"));
  REQUIRE(!resting.empty());
  auto position_id = resting.substr(0, resting.rfind("-s"));
  INFO("stop " << resting << " of " << position_id);

  // The market falls through it: the exchange triggers it (or the one that
  // replaced it when a top-up moved the stop).
  std::string triggered;
  for (int i = 0; i < 1200 && triggered.empty(); ++i) {
    std::this_thread::sleep_for(100ms);
    auto r = read_record(record);
    triggered = position_stop_in(r, position_id, "FINISHED");
    if (triggered.empty() && r.orders.count(resting) > 0 && r.orders[resting].status != "NEW") {
      auto moved = position_stop_in(r, position_id, "NEW");
      if (moved.empty())
        break; // canceled and not replaced: this position's stop will not trigger
      resting = moved;
    }
  }
  INFO("stop followed to " << resting);
  REQUIRE(!triggered.empty());
  resting = triggered;

  // The node learns the sale and closes the position as a protective exit,
  // journaled once (the tracker's events once stored twice).
  const std::string closed_sql = "SELECT count(*) FROM events "
                                 "WHERE text LIKE 'closed ' || ?1 || ' (%'";
  int64_t closed = 0;
  for (int i = 0; i < 600 && closed == 0; ++i) {
    std::this_thread::sleep_for(100ms);
    sql::connection db{dir.file("data/journal.sqlite")};
    closed = count(db, closed_sql, position_id);
  }
  REQUIRE(closed == 1);
  // Some safety cadences more: no second exit comes.
  std::this_thread::sleep_for(3s);
  node->signal(SIGTERM);
  CHECK(node->exit_code(30s) == 0);
  auto after = read_record(record);
  sim->signal(SIGTERM);
  sim->exit_code(10s);

  sql::connection db{dir.file("data/journal.sqlite")};
  CHECK(count(db, closed_sql, position_id) == 1);
  CHECK(count(db, "SELECT count(*) FROM position_exits WHERE position_id = ?1 AND "
                  "reason = 'protective'",
              position_id)
        == 1);
  CHECK(count(db, "SELECT count(*) FROM positions WHERE position_id = ?1", position_id) == 0);
  // The node sent no exit order of its own for it.
  for (auto& [id, o] : after.orders)
    CHECK(id.rfind(position_id + "-x", 0) == std::string::npos);
  CHECK(count(db, "SELECT count(*) FROM orders WHERE client_id LIKE ?1 || '-x%'", position_id)
        == 0);
  // The triggered order's fills are journaled under the stop's client id,
  // once each, and they are the simulator's.
  sql::statement fills{db, "SELECT trade_id, quantity_e8, price_e8, fee_e8, fee_asset FROM fills "
                           "WHERE client_id = ?1"};
  fills.bind(1, resting);
  int64_t journaled = 0;
  decimal sold;
  while (fills.step()) {
    ++journaled;
    auto trade = fills.int64_at(0);
    REQUIRE(after.fills.count(trade) == 1);
    auto& f = after.fills.at(trade);
    CHECK_FALSE(f.buy);
    CHECK(f.qty == decimal::from_units(fills.int64_at(1)));
    CHECK(f.price == decimal::from_units(fills.int64_at(2)));
    CHECK(f.commission == decimal::from_units(fills.int64_at(3)));
    CHECK(f.commission_asset == fills.text_at(4));
    sold += f.qty;
  }
  CHECK(journaled >= 1);
  sql::statement exit{db, "SELECT quantity_e8 FROM position_exits WHERE position_id = ?1"};
  exit.bind(1, position_id);
  REQUIRE(exit.step());
  CHECK(sold == decimal::from_units(exit.int64_at(0)));
  sql::statement state{db, "SELECT state FROM orders WHERE client_id = ?1"};
  state.bind(1, resting);
  REQUIRE(state.step());
  CHECK(state.text_at(0) == "filled");
}
