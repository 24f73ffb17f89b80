// The node's own service table under the real supervisor, against the
// exchange simulator: a crashed market store is restarted, and the
// listener, told the new handle by the supervisor, feeds the new store.

#include "actors/market_store/market_store_behavior.hpp"
#include "actors/services.hpp"
#include "runtime/clock.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/node.hpp"
#include "runtime/supervisor.hpp"
#include "test/integration/ask.hpp"
#include "test/integration/market/sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace tn;
using namespace std::chrono_literals;
using test::ask;

TEST_CASE_METHOD(test::sim_fixture,
                 "a crashed service is restarted and its peers get the new handle") {
  start_sim("supervised_restart_sim.log", {});
  auto cfg = config();
  auto dir = std::filesystem::temp_directory_path()
             / ("tn-restart-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  cfg.node.data_dir = dir.string();
  cfg.node.progress_interval = timespan::zero();
  cfg.supervisor.backoff = {100ms, 1s, 0.0};
  net::io_thread io;
  auto source = std::make_shared<wall_clock>();
  caf::scoped_actor self{sys};
  auto sup = spawn_supervisor(sys, cfg, &io, node_services(cfg, service_table(), source),
                              source->now());
  auto store_of = [&] {
    caf::strong_actor_ptr ptr;
    ask(self, sup, ptr, atom::lookup_v, std::string{"market_store"});
    return caf::actor_cast<market_store_actor>(ptr);
  };
  auto candles_of = [&](const market_store_actor& store) {
    std::vector<candle> bars;
    if (store)
      ask(self, store, bars, atom::candles_v, std::string{"BTCUSDT"}, interval::m1, uint32_t{100},
          timestamp::max());
    return bars.size();
  };
  auto first = store_of();
  REQUIRE(first);
  for (int i = 0; i < 200 && candles_of(first) < 5; ++i)
    std::this_thread::sleep_for(50ms);
  REQUIRE(candles_of(first) >= 5);
  // Crash it.
  caf::anon_send_exit(first, caf::exit_reason::kill);
  market_store_actor second;
  for (int i = 0; i < 200 && (!second || second == first); ++i) {
    std::this_thread::sleep_for(50ms);
    second = store_of();
  }
  REQUIRE(second);
  CHECK(second != first);
  // The new store starts empty; only ticks from the listener make it warm
  // up and fill, so data in it proves the listener uses the new handle.
  for (int i = 0; i < 200 && candles_of(second) < 5; ++i)
    std::this_thread::sleep_for(50ms);
  CHECK(candles_of(second) >= 5);
  std::vector<status_report> reports;
  REQUIRE(ask(self, sup, reports, atom::status_v));
  auto own = std::find_if(reports.begin(), reports.end(),
                          [](const status_report& r) { return r.service == "supervisor"; });
  REQUIRE(own != reports.end());
  CHECK(own->counters.at("market_store.restarts") == 1);
  CHECK(own->counters.at("market_listener.restarts") == 0);
  self->monitor(sup);
  self->send(sup, atom::stop_v);
  bool down = false;
  self->receive([&](const caf::down_msg& dm) { down = !dm.reason; }, caf::after(10s) >> [] {});
  CHECK(down);
  first = second = nullptr;
  sup = nullptr;
  std::filesystem::remove_all(dir);
}
