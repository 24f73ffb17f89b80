// kill -9 at random points: the real tradenode binary trades in testnet mode
// against exchange-sim (its Binance broker, signed REST over loopback) and is
// killed with SIGKILL again and again while it does, then restarted; a last
// run reconciles and stops cleanly. The journal is then compared with the
// simulator's own record of what it executed: no client order id placed
// twice, every fill in the journal once, nothing in the journal the
// simulator did not do, and the open positions equal to what the account
// holds.

#include "runtime/journal/sqlite.hpp"
#include "test/integration/recovery/recovery_fixture.hpp"

#include <random>

using namespace std::chrono_literals;
using namespace tn;
using namespace tn::test;

namespace {

/// A 0.2 % stop closes what the evaluator keeps: many round trips.
const std::string tight_stops = "trader: {safety: {stop_loss: 0.002, trailing_stop: 0.002,"
                                " trailing_activation: 0.002}}\n";

decimal units(int64_t e8) {
  return decimal::from_units(e8);
}

} // namespace

TEST_CASE("kill -9 while trading: no order twice, no fill lost, positions as the account") {
  temp_dir dir;
  auto sim_port = free_port();
  auto record = dir.file("sim-record.jsonl");
  // Answers slowed, so kills land between a request and its answer; every
  // 5th order is executed and its answer lost.
  auto sim = start_sim(dir, sim_port, record, {"--delay-ms", "20", "--order-fault", "drop:5"});
  auto cfg = dir.file("node.yaml");
  write(cfg, node_yaml(dir, sim_port, free_port(), tight_stops));

  // The kill points are random, but reproducible from the seed in the log.
  auto seed = std::random_device{}();
  INFO("kill schedule seed " << seed);
  std::mt19937 rng{seed};
  std::uniform_int_distribution<int> after_ms{200, 2500};
  // At least 12 kills, and on until the node placed two dozen orders: most
  // of a short life goes to the warm-up.
  int kills = 0;
  for (; kills < 40 && (kills < 12 || read_record(record).orders.size() < 24); ++kills) {
    auto node = start_node(dir, cfg, std::to_string(kills), key_env());
    std::this_thread::sleep_for(std::chrono::milliseconds{after_ms(rng)});
    node->signal(SIGKILL);
    node->exit_code(30s);
  }
  // The last run restores, reconciles and trades on, then stops cleanly.
  auto last = start_node(dir, cfg, "-last", key_env());
  std::this_thread::sleep_for(5s);
  last->signal(SIGTERM);
  CHECK(last->exit_code(30s) == 0);
  sim->signal(SIGTERM);
  sim->exit_code(10s);

  auto sim_did = read_record(record);
  sql::connection db{dir.file("data/journal.sqlite")};
  // The node traded at all, or the test proves nothing.
  REQUIRE(sim_did.fills.size() >= 4);

  // No client order id reached the exchange twice.
  for (auto& [client, o] : sim_did.orders) {
    INFO("client order id " << client);
    CHECK(o.exchange_ids.size() == 1);
  }
  // Every order the exchange accepted was journaled before it was sent.
  for (auto& [client, o] : sim_did.orders) {
    sql::statement q{db, "SELECT count(*) FROM orders WHERE client_id = ?1"};
    q.bind(1, client);
    REQUIRE(q.step());
    INFO("order " << client << " at the exchange, not in the journal");
    CHECK(q.int64_at(0) == 1);
  }
  // Every fill is in the journal once, as executed; none is there that the
  // exchange did not execute.
  std::map<int64_t, sim_fill> journaled;
  sql::statement fills{db, "SELECT trade_id, client_id, side, quantity_e8, price_e8 FROM fills "
                           "WHERE symbol = 'BTCUSDT'"};
  while (fills.step()) {
    sim_fill f;
    f.client_id = fills.text_at(1);
    f.buy = fills.text_at(2) == "BUY";
    f.qty = units(fills.int64_at(3));
    f.price = units(fills.int64_at(4));
    journaled.emplace(fills.int64_at(0), f);
  }
  for (auto& [trade, f] : sim_did.fills) {
    INFO("trade " << trade << " of " << f.client_id);
    auto it = journaled.find(trade);
    REQUIRE(it != journaled.end());
    CHECK(it->second.client_id == f.client_id);
    CHECK(it->second.qty == f.qty);
    CHECK(it->second.price == f.price);
  }
  CHECK(journaled.size() == sim_did.fills.size());

  // The positions hold what the account holds (bought less the base-asset
  // commission, less sold), but for the dust each close leaves below the
  // lot step (0.00001 BTC) in the account.
  decimal held;
  for (auto& [trade, f] : sim_did.fills) {
    if (f.buy)
      held = held + f.qty - (f.commission_asset == "BTC" ? f.commission : decimal{});
    else
      held = held - f.qty;
  }
  auto positions = sql::query_int64(db, "SELECT coalesce(sum(quantity_e8), 0) FROM positions "
                                        "WHERE symbol = 'BTCUSDT'");
  auto closes = sql::query_int64(db, "SELECT count(*) FROM position_exits");
  auto dust = held - units(positions);
  INFO("held " << to_string(held) << ", positions " << to_string(units(positions)) << ", "
               << closes << " closes");
  CHECK(!dust.is_negative());
  CHECK(dust < units(1000 * (closes + 1)));

  auto looked_up = sql::query_int64(db, "SELECT count(*) FROM events WHERE text LIKE "
                                        "'%when the node stopped: looked up at the exchange%'");
  WARN(kills << " kills: " << sim_did.orders.size() << " orders and " << sim_did.fills.size()
             << " fills at the exchange, " << closes << " positions closed, " << looked_up
             << " orders in flight at a kill looked up after the restart, "
             << to_string(held) << " BTC held at the end");
}
