// Warm-up of many symbols against the exchange simulator's request-weight
// limit, with injected 429s: the node's REST scheduler must stay under the
// limit and pause every queued request on a 429, so the simulator never
// has reason to ban it (418).

#include "actors/market_listener/rest_scheduler.hpp"
#include "actors/market_store/market_store_behavior.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/io_thread.hpp"
#include "test/integration/files.hpp"
#include "test/integration/market/sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::count_lines;

TEST_CASE_METHOD(test::sim_fixture,
                 "100 symbols warm up within the weight limit, 429s pause the queue, no 418") {
  std::vector<std::string> symbols;
  std::string listed;
  for (int i = 0; i < 100; ++i) {
    symbols.push_back("S" + std::to_string(100 + i) + "USDT");
    listed += (i ? "," : "") + symbols.back();
  }
  const std::string log = "rest_limits_sim.log";
  // 120 weight per second: the 600 klines requests (weight 2) need ten
  // windows or more; every 40th request is refused with 429 regardless.
  launch_sim(log, {"--synthetic", listed, "--history", "300", "--weight-limit", "120",
                   "--weight-window", "1", "--http-error", "429:40", "--retry-after", "1"});
  // The store retries a failed warm-up on its clock, which this test does
  // not run: the simulator must be up before the first request.
  REQUIRE(test::wait_listening(port));
  auto cfg = config();
  cfg.market.symbols = symbols;
  cfg.market.warmup_bars = 100;
  cfg.market.history_bars = 20;
  net::io_thread io;
  std::string error;
  auto history = make_rest_history(io, cfg, error);
  REQUIRE(history);
  auto store = sys.spawn(market_store_behavior, cfg, history, uint64_t{1});
  caf::scoped_actor self{sys};
  // The first tick of every symbol asks for its warm-up, all at once.
  tick_batch first;
  auto now = from_unix_ms(1'704'067'200'000); // the simulator's market start
  for (auto& s : symbols)
    first.ticks.push_back({s, now, now, 100, 1});
  self->send(store, first);
  status_report status;
  for (int i = 0; i < 900; ++i) {
    std::this_thread::sleep_for(200ms);
    self->request(store, 5s, atom::status_v)
      .receive([&](const status_report& st) { status = st; }, [](caf::error&) {});
    if (status.counters["history_pending"] == 0 && status.counters["candles_1m"] > 0)
      break;
  }
  stop(self, store);
  auto refused = count_lines(sim_log(log), "-> 429");
  auto over = count_lines(sim_log(log), "over the weight limit");
  auto banned = count_lines(sim_log(log), "-> 418");
  INFO("pending " << status.counters["history_pending"] << " errors "
                  << status.counters["history_errors"] << " 429s " << refused << " over limit "
                  << over << " 418s " << banned);
  CHECK(status.counters["history_pending"] == 0);
  CHECK(status.counters["candles_1m"] == 100 * 100);
  CHECK(refused > 0); // the injected ones
  CHECK(over == 0);
  CHECK(banned == 0);
}

TEST_CASE_METHOD(test::sim_fixture,
                 "an exchange that is down: queued requests fail to their callers, "
                 "then succeed once it is up") {
  // Nothing listens on the port yet. Before, the scheduler put its limits
  // request (exchangeInfo) in front again after every failure, so nothing
  // queued behind it was ever sent while the exchange was down, and a node
  // started before its exchange never warmed up.
  auto cfg = config();
  net::io_thread io;
  std::string error;
  auto rest = shared_rest_scheduler(io, cfg, error);
  REQUIRE(rest);
  auto ask = [&](std::atomic<int>& failed, std::atomic<int>& answered) {
    for (int i = 0; i < 3; ++i)
      rest->get("/api/v3/time", 1, 5s, [&](net::http_result res) {
        ++(res.ok() && res.response.status == 200 ? answered : failed);
      });
  };
  std::atomic<int> failed{0};
  std::atomic<int> answered{0};
  ask(failed, answered);
  for (int i = 0; i < 300 && failed + answered < 3; ++i)
    std::this_thread::sleep_for(100ms);
  CHECK(failed == 3);
  CHECK(answered == 0);

  launch_sim("rest_down_sim.log", {"--synthetic", "BTCUSDT:60000", "--history", "60"});
  std::atomic<int> failed_later{0};
  std::atomic<int> answered_later{0};
  for (int round = 0; round < 100 && answered_later < 3; ++round) {
    failed_later = 0;
    answered_later = 0;
    ask(failed_later, answered_later);
    for (int i = 0; i < 300 && failed_later + answered_later < 3; ++i)
      std::this_thread::sleep_for(100ms);
  }
  CHECK(answered_later == 3);
}
