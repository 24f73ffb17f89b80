// The market data path against the real exchange simulator, over TLS on
// loopback: the simulator replays a real day of BTCUSDT 1m bars, drops the
// connection and sends malformed frames; the listener must reconnect, fill
// the gaps over REST, skip the garbage, and the store must end up with
// every bar exactly once, equal to the recorded data.

#include "actors/market_listener/market_listener_behavior.hpp"
#include "actors/market_store/market_store_behavior.hpp"
#include "messages/register.hpp"
#include "runtime/net/io_thread.hpp"
#include "test/integration/node/subprocess.hpp"
#include "test/unit/market/test_data.hpp"

#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

using namespace tn;
using namespace std::chrono_literals;

namespace {

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct system_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    add_message_types(c);
    c.set("scheduler.max-threads", size_t{2});
    return c;
  }
  system_fixture() : sys(prepare(cfg)) {
  }
};

} // namespace

TEST_CASE_METHOD(system_fixture,
                 "drops and garbage on a TLS stream lose or double no candle") {
  auto csv = test::shared_data("spot/klines_1m/BTCUSDT-1m-2025-07-13.csv");
  auto recorded = test::read_spot_csv(csv, "BTCUSDT");
  auto port = free_port();
  std::string pki = TN_TEST_PKI;
  test::subprocess sim{TN_EXCHANGE_SIM,
                       {"--port", std::to_string(port), "--tls-cert", pki + "/server.pem",
                        "--tls-key", pki + "/server.key", "--data", "BTCUSDT=" + csv,
                        "--speed", "600", "--history", "30", "--drop-every", "45",
                        "--malformed-every", "20"},
                       "/dev/null", std::string{TN_BINARY_DIR} + "/market_feed_sim.log"};
  node_config cfg;
  cfg.market.symbols = {"BTCUSDT"};
  cfg.market.warmup_bars = 30;
  cfg.market.reconnect = {50ms, 400ms, 0.2};
  cfg.exchange.rest_url = "https://127.0.0.1:" + std::to_string(port);
  cfg.exchange.ws_url = "wss://127.0.0.1:" + std::to_string(port);
  cfg.exchange.ca_file = pki + "/ca.pem";
  cfg.exchange.rest_timeout = 5s;
  net::io_thread io;
  std::string error;
  auto history = make_rest_history(io, cfg.exchange, error);
  auto transport = make_net_transport(io, cfg.exchange, 10s, error);
  REQUIRE(history);
  REQUIRE(transport);
  auto store = sys.spawn(market_store_behavior, cfg, history);
  auto listener = sys.spawn(market_listener_behavior, cfg,
                            std::shared_ptr<market_transport>{std::move(transport)}, uint64_t{7});
  caf::scoped_actor self{sys};
  self->send(listener, atom::announce_v, std::string{"market_store"},
             caf::actor_cast<caf::strong_actor_ptr>(store));
  // Wait (bounded) until well past several drops.
  feed_stats stats;
  std::vector<candle> bars;
  for (int i = 0; i < 600 && (bars.size() < 150 || stats.reconnects < 3); ++i) {
    std::this_thread::sleep_for(100ms);
    self->request(listener, 5s, atom::frame_v)
      .receive([&](const feed_stats& st) { stats = st; }, [](caf::error&) {});
    self->request(store, 5s, atom::candles_v, std::string{"BTCUSDT"}, interval::m1, uint32_t{2000})
      .receive([&](std::vector<candle>& xs) { bars = std::move(xs); }, [](caf::error&) {});
  }
  self->send_exit(listener, caf::exit_reason::user_shutdown);
  self->send_exit(store, caf::exit_reason::user_shutdown);
  INFO("frames " << stats.frames << " malformed " << stats.malformed << " reconnects "
                 << stats.reconnects << " gap_filled " << stats.gap_filled);
  REQUIRE(bars.size() >= 150);
  CHECK(stats.reconnects >= 3);
  CHECK(stats.malformed > 0);
  CHECK(stats.gap_filled > 0);
  // Every bar once, none missing, each equal to the recorded one.
  auto first = (bars.front().open_time - recorded.front().open_time) / 1min;
  REQUIRE(first >= 0);
  for (size_t i = 0; i < bars.size(); ++i) {
    auto& want = recorded[static_cast<size_t>(first) + i];
    INFO("bar " << i);
    REQUIRE(bars[i].open_time == want.open_time);
    CHECK(bars[i].open == want.open);
    CHECK(bars[i].high == want.high);
    CHECK(bars[i].low == want.low);
    CHECK(bars[i].close == want.close);
    CHECK(bars[i].volume == Approx(want.volume));
  }
}
