// execution.protective_stop: exchange, end to end: the node opens a position
// in testnet mode against exchange-sim and rests its stop at the exchange;
// then it is killed, and while it is down the simulator's market falls
// through the stop, which the simulator fills. The restarted node learns the
// sale from the exchange and records it as the position's one exit.

#include "runtime/journal/sqlite.hpp"
#include "test/integration/recovery/recovery_fixture.hpp"

using namespace std::chrono_literals;
using namespace tn;
using namespace tn::test;

namespace {

/// The client id of the first protective stop the simulator holds in
/// `status`, or "".
std::string stop_in(const sim_record& r, const std::string& status) {
  return protective_stop_in(r, "STOP_LOSS_LIMIT", status);
}

} // namespace

TEST_CASE("a protective stop at the exchange sells while the node is down, and the restarted "
          "node records it as the one exit") {
  temp_dir dir;
  auto sim_port = free_port();
  auto record = dir.file("sim-record.jsonl");
  // Seed 3: the evaluator buys at once, and the market dips 0.3 % about ten
  // market minutes (a second) later.
  auto sim = start_sim(dir, sim_port, record, {}, "3");
  auto cfg = dir.file("node.yaml");
  write(cfg, node_yaml(dir, sim_port, free_port(), exchange_stops));

  // Up until a position's stop rests at the exchange.
  auto node = start_node(dir, cfg, "0", key_env());
  std::string resting;
  for (int i = 0; i < 600 && resting.empty(); ++i) {
    std::this_thread::sleep_for(100ms);
    resting = stop_in(read_record(record), "NEW");
  }
  REQUIRE(!resting.empty());
  node->signal(SIGKILL);
  node->exit_code(30s);
  auto killed = read_record(record);
  auto fills_before = killed.fills.size();
  REQUIRE(stop_in(killed, "NEW") == resting); // it still rests with the node down

  // Down: the market goes on at the simulator; the stop sells at some point.
  std::string sold;
  for (int i = 0; i < 1200 && sold.empty(); ++i) {
    std::this_thread::sleep_for(100ms);
    sold = stop_in(read_record(record), "FILLED");
  }
  INFO("stop " << resting);
  REQUIRE(sold == resting);
  auto after = read_record(record);
  // Nothing else traded while the node was down.
  for (auto& [trade, f] : after.fills)
    if (killed.fills.count(trade) == 0)
      CHECK(f.client_id == resting);
  CHECK(after.fills.size() > fills_before);

  // Up again: the exchange's sale becomes the position's one exit.
  auto position_id = resting.substr(0, resting.rfind("-s"));
  auto again = start_node(dir, cfg, "1", key_env());
  int64_t exits = 0;
  for (int i = 0; i < 600 && exits == 0; ++i) {
    std::this_thread::sleep_for(100ms);
    sql::connection db{dir.file("data/journal.sqlite")};
    sql::statement q{db, "SELECT count(*) FROM position_exits WHERE position_id = ?1 AND "
                         "reason = 'protective'"};
    q.bind(1, position_id);
    if (q.step())
      exits = q.int64_at(0);
  }
  again->signal(SIGTERM);
  CHECK(again->exit_code(30s) == 0);
  sim->signal(SIGTERM);
  sim->exit_code(10s);
  INFO("position " << position_id);
  CHECK(exits == 1);
  sql::connection db{dir.file("data/journal.sqlite")};
  sql::statement open{db, "SELECT count(*) FROM positions WHERE position_id = ?1"};
  open.bind(1, position_id);
  REQUIRE(open.step());
  CHECK(open.int64_at(0) == 0);
  // The stop's fills are journaled, once each.
  for (auto& [trade, f] : after.fills) {
    if (f.client_id != resting)
      continue;
    sql::statement q{db, "SELECT count(*) FROM fills WHERE symbol = 'BTCUSDT' AND trade_id = ?1 "
                         "AND client_id = ?2"};
    q.bind(1, trade).bind(2, resting);
    REQUIRE(q.step());
    CHECK(q.int64_at(0) == 1);
  }
}
