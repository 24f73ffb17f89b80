#pragma once

// The real tradenode binary in testnet mode against exchange-sim over
// loopback (signed REST, the simulator's account), and the simulator's own
// record of what it executed, for the recovery tests to compare with the
// node's journal.

#include "runtime/money/decimal.hpp"
#include "test/integration/files.hpp"
#include "test/integration/loopback.hpp"
#include "test/integration/node/start_node.hpp"
#include "test/integration/node/subprocess.hpp"
#include "test/unit/kernel/temp_dir.hpp"
#include "test/unit/money/decimal_text.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace tn::test {

inline const std::string sim_api_key = "recovery-test-key-0123456789";
inline const std::string sim_api_secret = "recovery-test-secret-0123456789";

/// The environment that gives the node the simulator's key pair.
inline std::vector<std::string> key_env() {
  return {"BINANCE_API_KEY=" + sim_api_key, "BINANCE_SECRET_KEY=" + sim_api_secret};
}

/// exchange-sim on a free port: a synthetic BTCUSDT from `seed` (11 rises
/// for a day after its history, 5 falls 5 %) at 600 times wall time with
/// three days of history, every order and fill recorded in `record`;
/// `extra` adds flags (faults).
inline std::unique_ptr<subprocess> start_sim(const temp_dir& dir, uint16_t port,
                                             const std::string& record,
                                             std::vector<std::string> extra = {},
                                             const std::string& seed = "11") {
  std::vector<std::string> args{"--port", std::to_string(port), "--synthetic", "BTCUSDT:60000",
                                "--seed", seed, "--speed", "600", "--history", "4320",
                                "--rebase-now", "--api-key", sim_api_key, "--api-secret",
                                sim_api_secret, "--record", record};
  args.insert(args.end(), extra.begin(), extra.end());
  auto sim = std::make_unique<subprocess>(TN_EXCHANGE_SIM, args, dir.file("sim.out"),
                                          dir.file("sim.err"));
  REQUIRE(sim->started());
  REQUIRE(wait_listening(port));
  return sim;
}

/// A testnet node on the simulator that trades as often as it can: a
/// decision every market minute, any positive score buys, any negative one
/// sells. `sections` adds YAML (trader.safety, execution); `market`: spot
/// or futures.
inline std::string node_yaml(const temp_dir& dir, uint16_t sim, uint16_t console,
                             const std::string& sections, const std::string& market = "spot") {
  auto origin = "127.0.0.1:" + std::to_string(sim);
  return "node: {mode: testnet, name: recovery, data_dir: " + dir.file("data")
         + ", progress_interval: 0s, clock_period: 100ms, heartbeat_interval: 1s}\n"
           "exchange: {market: " + market + ", rest_url: \"http://" + origin + "\", ws_url: \"ws://"
         + origin + "\", ca_file: \"\", rest_timeout: 5s}\n"
           "market: {symbols: [BTCUSDT], warmup_bars: 1000, history_bars: 200}\n"
           "console: {port: " + std::to_string(console) + "}\n"
           "gate: {min_check: 1m, max_check: 1m, min_spacing: 1m, cooldown: 1m,"
           " max_decisions_per_day: 1440}\n"
           "evaluator: {entry_threshold: 0.01, next_check_seconds: 60}\n"
           "risk: {entry_type: market, max_orders_per_minute: 1000}\n"
           "binance: {maker_fallback: 2s, poll_interval: {initial: 100ms, max: 1s}}\n"
         + sections;
}

struct sim_fill {
  std::string client_id;
  bool buy = true;
  decimal qty;
  decimal price;
  decimal commission;
  std::string commission_asset;
  int64_t time = 0; // ms, market time
};

struct sim_order {
  std::set<int64_t> exchange_ids; // more than one: the client id was placed twice
  std::string type;
  std::string status; // the last one recorded
};

/// What the simulator executed: orders by client id, fills by trade id.
struct sim_record {
  std::map<std::string, sim_order> orders;
  std::map<int64_t, sim_fill> fills;
};

inline sim_record read_record(const std::string& path) {
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
      auto& o = r.orders[client];
      o.exchange_ids.insert(obj["orderId"].get_int64().value());
      o.type = std::string{obj["type"].get_string().value()};
      o.status = std::string{obj["status"].get_string().value()};
      continue;
    }
    sim_fill f;
    f.client_id = client;
    f.buy = obj["side"].get_string().value() == "BUY";
    f.qty = dec(obj["qty"].get_string().value());
    f.price = dec(obj["price"].get_string().value());
    f.commission = dec(obj["commission"].get_string().value());
    f.commission_asset = std::string{obj["commissionAsset"].get_string().value()};
    f.time = obj["time"].get_int64().value();
    r.fills.emplace(obj["tradeId"].get_int64().value(), f);
  }
  return r;
}

/// Config lines for tests of execution.protective_stop: exchange: a stop
/// 0.3 % under the entry, the trailing stop far off, so the stop that rests
/// at the exchange is the one that sells.
inline const std::string exchange_stops
  = "trader: {safety: {stop_loss: 0.003, trailing_stop: 0.2, trailing_activation: 0.2}}\n"
    "execution: {protective_stop: exchange}\n";

/// The client id of the first protective stop of order type `type` (spot
/// STOP_LOSS_LIMIT, a futures algo STOP) the simulator holds in `status`,
/// or "".
inline std::string protective_stop_in(const sim_record& r, const std::string& type,
                                      const std::string& status) {
  for (auto& [id, o] : r.orders)
    if (o.type == type && id.find("-s") != std::string::npos && o.status == status)
      return id;
  return "";
}

} // namespace tn::test
