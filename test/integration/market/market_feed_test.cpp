// The market data path against the real exchange simulator, over TLS on
// loopback: the simulator replays a real day of BTCUSDT 1m bars, drops the
// connection and sends malformed frames; the listener must reconnect, fill
// the gaps over REST, skip the garbage, and the store must end up with
// every bar exactly once, equal to the recorded data.

#include "actors/market_listener/market_listener_behavior.hpp"
#include "actors/market_store/market_store_behavior.hpp"
#include "runtime/clock.hpp"
#include "runtime/clock_actor.hpp"
#include "runtime/net/io_thread.hpp"
#include "test/integration/market/sim_fixture.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE_METHOD(test::sim_fixture,
                 "drops and garbage on a TLS stream lose or double no candle") {
  auto recorded = test::read_dump_csv(csv, "BTCUSDT");
  start_sim("market_feed_sim.log", {"--drop-every", "45", "--malformed-every", "20"});
  auto cfg = config();
  net::io_thread io;
  std::string error;
  auto history = make_rest_history(io, cfg, error);
  auto transport = make_net_transport(io, cfg, error);
  REQUIRE(history);
  REQUIRE(transport);
  auto store = sys.spawn(market_store_behavior, cfg, history, uint64_t{1});
  auto listener = sys.spawn(market_listener_behavior, cfg,
                            std::shared_ptr<market_transport>{std::move(transport)}, uint64_t{7});
  caf::scoped_actor self{sys};
  self->send(listener, atom::announce_v, std::string{"market_store"},
             caf::actor_cast<caf::strong_actor_ptr>(store));
  // Reconnect and retry backoffs run on the clock's time.
  auto clock = spawn_clock(sys, std::make_shared<wall_clock>(), 50ms);
  self->send(clock, atom::announce_v, std::string{"market_listener"},
             caf::actor_cast<caf::strong_actor_ptr>(listener));
  self->send(clock, atom::announce_v, std::string{"market_store"},
             caf::actor_cast<caf::strong_actor_ptr>(store));
  // Wait (bounded) until well past several drops.
  feed_stats stats;
  std::vector<candle> bars;
  for (int i = 0; i < 600 && (bars.size() < 150 || stats.reconnects < 3); ++i) {
    std::this_thread::sleep_for(100ms);
    self->request(listener, 5s, atom::frame_v)
      .receive([&](const feed_stats& st) { stats = st; }, [](caf::error&) {});
    self->request(store, 5s, atom::candles_v, std::string{"BTCUSDT"}, interval::m1, uint32_t{2000},
                  timestamp::max())
      .receive([&](std::vector<candle>& xs) { bars = std::move(xs); }, [](caf::error&) {});
  }
  stop(self, clock, listener, store);
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
