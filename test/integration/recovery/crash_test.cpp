// kill -9 at random points: the real tradenode binary trades in testnet mode
// against exchange-sim (its Binance broker, signed REST over loopback) and is
// killed with SIGKILL again and again while it does, then restarted; a last
// run reconciles and stops cleanly. The journal is then compared with the
// simulator's own record of what it executed: no client order id placed
// twice, every fill in the journal once, nothing in the journal the
// simulator did not do, and the open positions equal to what the account
// holds.

#include "runtime/journal/sqlite.hpp"
#include "runtime/money/decimal.hpp"
#include "test/integration/files.hpp"
#include "test/integration/loopback.hpp"
#include "test/integration/node/subprocess.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>

using namespace std::chrono_literals;
using namespace tn;
using test::subprocess;
using test::temp_dir;

namespace {

const std::string api_key = "crash-test-key-0123456789";
const std::string api_secret = "crash-test-secret-0123456789";

/// A node that trades as often as it can on the simulator's fast market:
/// a decision every market minute, any positive score buys, any negative
/// one sells, and a 0.2 % stop closes what the model keeps.
std::string node_yaml(const temp_dir& dir, uint16_t sim, uint16_t console) {
  auto origin = "127.0.0.1:" + std::to_string(sim);
  return "node: {mode: testnet, name: crash, data_dir: " + dir.file("data")
         + ", progress_interval: 0s, clock_period: 100ms, heartbeat_interval: 1s}\n"
           "exchange: {market: spot, rest_url: \"http://" + origin + "\", ws_url: \"ws://"
         + origin + "\", ca_file: \"\", rest_timeout: 5s}\n"
           "market: {symbols: [BTCUSDT], warmup_bars: 1000, history_bars: 200}\n"
           "console: {port: " + std::to_string(console) + "}\n"
           "gate: {min_check: 1m, max_check: 1m, min_spacing: 1m, cooldown: 1m,"
           " max_decisions_per_day: 1440}\n"
           "evaluator: {entry_threshold: 0.01, next_check_seconds: 60}\n"
           "trader: {safety: {stop_loss: 0.002, trailing_stop: 0.002,"
           " trailing_activation: 0.002}}\n"
           "risk: {entry_type: market, max_orders_per_minute: 1000}\n"
           "binance: {maker_fallback: 2s, poll_interval: {initial: 100ms, max: 1s}}\n";
}

decimal dec(std::string_view text) {
  auto x = decimal::parse(text);
  REQUIRE(x);
  return *x;
}

decimal units(int64_t e8) {
  return decimal::from_units(e8);
}

struct sim_fill {
  std::string client_id;
  bool buy = true;
  decimal qty;
  decimal price;
  decimal commission;
  std::string commission_asset;
};

/// What the simulator executed: per client id the exchange order ids it
/// accepted, and every fill by trade id.
struct sim_record {
  std::map<std::string, std::set<int64_t>> orders;
  std::map<int64_t, sim_fill> fills;
};

sim_record read_record(const std::string& path) {
  sim_record r;
  simdjson::dom::parser parser;
  std::ifstream in{path};
  for (std::string line; std::getline(in, line);) {
    if (line.empty())
      continue;
    auto doc = parser.parse(line);
    REQUIRE(!doc.error());
    auto obj = doc.value();
    std::string_view event = obj["event"].get_string().value();
    std::string client{obj["clientOrderId"].get_string().value()};
    if (event == "order") {
      r.orders[client].insert(obj["orderId"].get_int64().value());
      continue;
    }
    sim_fill f;
    f.client_id = client;
    f.buy = obj["side"].get_string().value() == "BUY";
    f.qty = dec(obj["qty"].get_string().value());
    f.price = dec(obj["price"].get_string().value());
    f.commission = dec(obj["commission"].get_string().value());
    f.commission_asset = std::string{obj["commissionAsset"].get_string().value()};
    r.fills.emplace(obj["tradeId"].get_int64().value(), f);
  }
  return r;
}

} // namespace

TEST_CASE("kill -9 while trading: no order twice, no fill lost, positions as the account") {
  temp_dir dir;
  auto sim_port = test::free_port();
  auto record = dir.file("sim-record.jsonl");
  subprocess sim{TN_EXCHANGE_SIM,
                 {"--port", std::to_string(sim_port), "--synthetic", "BTCUSDT:60000", "--seed",
                  "11", "--speed", "600", "--history", "4320", "--rebase-now", "--api-key",
                  api_key, "--api-secret", api_secret, "--record", record,
                  // Answers slowed, so kills land between a request and its
                  // answer; every 5th order is executed and its answer lost.
                  "--delay-ms", "20", "--order-fault", "drop:5"},
                 dir.file("sim.out"), dir.file("sim.err")};
  REQUIRE(sim.started());
  REQUIRE(test::wait_listening(sim_port));
  auto cfg = dir.file("node.yaml");
  test::write(cfg, node_yaml(dir, sim_port, test::free_port()));
  std::vector<std::string> env{"BINANCE_API_KEY=" + api_key, "BINANCE_SECRET_KEY=" + api_secret};

  // The kill points are random, but reproducible from the seed in the log.
  auto seed = std::random_device{}();
  INFO("kill schedule seed " << seed);
  std::mt19937 rng{seed};
  std::uniform_int_distribution<int> after_ms{200, 2500};
  // At least 12 kills, and on until the node placed two dozen orders: most of
  // a short life goes to the warm-up.
  int kills = 0;
  for (; kills < 40 && (kills < 12 || read_record(record).orders.size() < 24); ++kills) {
    auto i = kills;
    auto tag = std::to_string(i);
    subprocess node{TN_TRADENODE, {"--config", cfg}, dir.file("out" + tag),
                    dir.file("err" + tag), env};
    REQUIRE(node.started());
    REQUIRE(test::wait_for_text(dir.file("err" + tag), "supervisor info started journal", 30s));
    std::this_thread::sleep_for(std::chrono::milliseconds{after_ms(rng)});
    node.signal(SIGKILL);
    node.exit_code(30s);
  }
  // The last run restores, reconciles and trades on, then stops cleanly.
  {
    subprocess node{TN_TRADENODE, {"--config", cfg}, dir.file("out-last"), dir.file("err-last"),
                    env};
    REQUIRE(node.started());
    REQUIRE(test::wait_for_text(dir.file("err-last"), "supervisor info started journal", 30s));
    std::this_thread::sleep_for(5s);
    node.signal(SIGTERM);
    CHECK(node.exit_code(30s) == 0);
  }
  sim.signal(SIGTERM);
  sim.exit_code(10s);

  auto sim_did = read_record(record);
  sql::connection db{dir.file("data/journal.sqlite")};
  // The node traded at all, or the test proves nothing.
  REQUIRE(sim_did.fills.size() >= 4);

  // No client order id reached the exchange twice.
  for (auto& [client, ids] : sim_did.orders) {
    INFO("client order id " << client);
    CHECK(ids.size() == 1);
  }
  // Every order the exchange accepted was journaled before it was sent.
  for (auto& [client, ids] : sim_did.orders) {
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
