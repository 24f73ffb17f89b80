#pragma once

// A real actor system (threads, not the test scheduler) and the exchange
// simulator over TLS on loopback, replaying a real day of BTCUSDT bars.

#include "messages/register.hpp"
#include "runtime/config/config.hpp"
#include "test/integration/loopback.hpp"
#include "test/integration/node/subprocess.hpp"
#include "test/unit/market/test_data.hpp"

#include <caf/all.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tn::test {

struct sim_fixture {
  caf::actor_system_config sys_cfg;
  caf::actor_system sys;
  uint16_t port = free_port();
  std::string pki = TN_TEST_PKI;
  std::string csv = shared_data("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv");
  std::unique_ptr<subprocess> sim;

  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    add_message_types(c);
    c.set("scheduler.max-threads", size_t{2});
    return c;
  }

  sim_fixture() : sys(prepare(sys_cfg)) {
  }

  /// Starts the simulator on the recorded day; `faults` are extra flags
  /// (--drop-every N ...).
  void start_sim(const std::string& log_name, const std::vector<std::string>& faults) {
    std::vector<std::string> args{"--data", "BTCUSDT=" + csv, "--speed", "600", "--history", "30"};
    args.insert(args.end(), faults.begin(), faults.end());
    launch_sim(log_name, std::move(args));
  }

  /// Starts the simulator with `args` (its market and faults) over TLS on
  /// the fixture's port; its stderr goes to sim_log(log_name).
  void launch_sim(const std::string& log_name, std::vector<std::string> args) {
    args.insert(args.begin(), {"--port", std::to_string(port), "--tls-cert", pki + "/server.pem",
                               "--tls-key", pki + "/server.key"});
    sim = std::make_unique<subprocess>(TN_EXCHANGE_SIM, args, "/dev/null", sim_log(log_name));
  }

  static std::string sim_log(const std::string& log_name) {
    return std::string{TN_BINARY_DIR} + "/" + log_name;
  }

  /// Stops actors and waits until they are gone, so that nothing they own
  /// (connections on an io_thread) outlives the test's scope.
  template <class... Handles>
  void stop(caf::scoped_actor& self, const Handles&... hdls) {
    (self->monitor(hdls), ...);
    (self->send_exit(hdls, caf::exit_reason::user_shutdown), ...);
    for (size_t i = 0; i < sizeof...(Handles); ++i)
      self->receive([](const caf::down_msg&) {});
  }

  /// A config that points the market services at the simulator.
  node_config config() const {
    node_config cfg;
    cfg.market.symbols = {"BTCUSDT"};
    cfg.market.warmup_bars = 30;
    cfg.market.reconnect = {std::chrono::milliseconds{50}, std::chrono::milliseconds{400}, 0.2};
    cfg.exchange.rest_url = "https://127.0.0.1:" + std::to_string(port);
    cfg.exchange.ws_url = "wss://127.0.0.1:" + std::to_string(port);
    cfg.exchange.ca_file = pki + "/ca.pem";
    cfg.exchange.rest_timeout = std::chrono::seconds{5};
    return cfg;
  }
};

} // namespace tn::test
