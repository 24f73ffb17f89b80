#pragma once

// exchange-sim as a child process over loopback TLS, and a Binance-style
// signed client built on the project's http_client and signing helper.

#include "runtime/net/hmac.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/url.hpp"
#include "test/integration/loopback.hpp"
#include "test/integration/node/subprocess.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tn::test {

inline constexpr const char* sim_key = "sim-test-key";
inline constexpr const char* sim_secret = "sim-test-secret";

inline int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct sim_client {
  uint16_t port = free_port();
  std::string pki = TN_TEST_PKI;
  std::string record = std::string{TN_BINARY_DIR} + "/exchange-sim-record-" + std::to_string(port) + ".jsonl";
  std::unique_ptr<subprocess> sim;
  net::io_thread io;
  std::shared_ptr<net::http_client> http;

  /// Starts the simulator on a fast synthetic market with `extra` flags and
  /// waits until it answers.
  explicit sim_client(const std::vector<std::string>& extra = {}) {
    std::remove(record.c_str());
    std::vector<std::string> args{"--synthetic", "BTCUSDT", "--seed", "5", "--speed", "600",
                                  "--updates-per-bar", "4", "--history", "10",
                                  "--port", std::to_string(port),
                                  "--tls-cert", pki + "/server.pem", "--tls-key", pki + "/server.key",
                                  "--api-key", sim_key, "--api-secret", sim_secret,
                                  "--balance", "USDT=10000,BTC=1", "--record", record};
    args.insert(args.end(), extra.begin(), extra.end());
    sim = std::make_unique<subprocess>(TN_EXCHANGE_SIM, args, "/dev/null",
                                       std::string{TN_BINARY_DIR} + "/exchange-sim-private.log");
    net::url origin;
    std::string error;
    REQUIRE(net::parse_url("https://127.0.0.1:" + std::to_string(port), origin, error));
    http = net::http_client::make(io, origin, net::tls_client_options{pki + "/ca.pem"});
    for (int i = 0; i < 200; ++i) {
      if (send("GET", "/api/v3/ping").ok())
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
    FAIL("exchange-sim did not answer");
  }

  ~sim_client() { http->close(); }

  net::http_result send(const std::string& method, const std::string& target,
                        const std::string& body = {}, net::header_list headers = {}) {
    net::http_request req;
    req.method = method;
    req.target = target;
    req.body = body;
    req.headers = std::move(headers);
    if (!body.empty())
      req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    std::promise<net::http_result> result;
    http->request(req, std::chrono::seconds{10},
                  [&](net::http_result r) { result.set_value(std::move(r)); });
    return result.get_future().get();
  }

  /// A signed request as ccxt sends it: GET/DELETE in the query, POST as a
  /// form body.
  net::http_result signed_call(const std::string& method, const std::string& path,
                               const std::string& params, int64_t timestamp = wall_ms(),
                               const std::string& secret = sim_secret) {
    auto query = net::binance_signed_query(params, secret, timestamp, 5000);
    net::header_list h{{"X-MBX-APIKEY", sim_key}};
    if (method == "POST")
      return send(method, path, query, h);
    return send(method, path + "?" + query, {}, h);
  }

  std::string record_text() const {
    std::ifstream in(record);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

} // namespace tn::test
