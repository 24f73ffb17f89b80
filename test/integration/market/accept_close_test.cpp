// A server that accepts the stream and closes it at once: the listener's
// reconnect delays must grow to the maximum, not start over at every
// successful handshake.

#include "actors/market_listener/market_listener_behavior.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/server.hpp"
#include "test/integration/market/sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <mutex>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE_METHOD(test::sim_fixture,
                 "a server that accepts and closes at once meets growing delays") {
  net::io_thread io;
  std::mutex mutex;
  std::vector<std::chrono::steady_clock::time_point> accepted;
  net::server_handlers handlers;
  handlers.on_http = [](const net::http_request&, std::function<void(net::http_response)> respond) {
    respond(net::http_response{404, {}, "{}"});
  };
  handlers.on_ws_open = [&](const std::shared_ptr<net::ws_session>& ws) {
    {
      std::lock_guard<std::mutex> guard{mutex};
      accepted.push_back(std::chrono::steady_clock::now());
    }
    ws->close();
  };
  std::string error;
  auto srv = net::server::listen(io, "127.0.0.1", 0, nullptr, handlers, error);
  REQUIRE(srv);
  auto cfg = config();
  cfg.exchange.ws_url = "ws://127.0.0.1:" + std::to_string(srv->port());
  cfg.exchange.rest_url = "http://127.0.0.1:" + std::to_string(srv->port());
  cfg.market.reconnect = {20ms, 160ms, 0.0};
  auto transport = make_net_transport(io, cfg, error);
  REQUIRE(transport);
  auto listener = sys.spawn(market_listener_behavior, cfg,
                            std::shared_ptr<market_transport>{std::move(transport)}, uint64_t{7});
  caf::scoped_actor self{sys};
  // Delays 20, 40, 80, 160, 160, 160 ms: seven connections.
  auto count = [&] {
    std::lock_guard<std::mutex> guard{mutex};
    return accepted.size();
  };
  // The listener's reconnect waits are deadlines in the clock's time: beat
  // every 5 ms, as the clock service would (coarser, every second) in a node.
  auto until = std::chrono::steady_clock::now() + 60s;
  while (count() < 7 && std::chrono::steady_clock::now() < until) {
    self->send(listener, atom::time_v,
               std::chrono::time_point_cast<timespan>(std::chrono::system_clock::now()));
    std::this_thread::sleep_for(5ms);
  }
  stop(self, listener);
  srv->stop();
  std::lock_guard<std::mutex> guard{mutex};
  REQUIRE(accepted.size() >= 7);
  auto last_gap = accepted[6] - accepted[5];
  INFO("gap between the 6th and 7th connection: "
       << std::chrono::duration_cast<std::chrono::milliseconds>(last_gap).count() << " ms");
  CHECK(last_gap >= 150ms);
}
