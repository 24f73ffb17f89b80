// The derivatives monitor against the exchange simulator replaying two real
// USDⓈ-M futures symbols (February 2024): every value under its own symbol,
// polled through the node's REST scheduler, which waits out injected 429s
// without earning a 418; a failing exchange backs the monitor off in event
// time.

#include "actors/derivatives/derivatives_actor.hpp"
#include "actors/derivatives/derivatives_wire.hpp"
#include "actors/market_listener/rest_scheduler.hpp"
#include "messages/derivatives.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/io_thread.hpp"
#include "test/integration/files.hpp"
#include "test/integration/market/sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <future>
#include <mutex>

using namespace tn;
using namespace std::chrono_literals;
using tn::test::count_lines;

namespace {

const std::vector<std::string> symbols{"AVAXUSDT", "NEARUSDT"};

/// What a gate stand-in received from the monitor (from the actor's
/// thread, read on the test's).
struct gate_record {
  std::mutex mtx;
  std::vector<derivatives_snapshot> got;

  std::vector<derivatives_snapshot> snapshot() {
    std::lock_guard<std::mutex> guard{mtx};
    return got;
  }
};

gate_actor::behavior_type recording_gate(gate_actor::pointer, std::shared_ptr<gate_record> rec) {
  return {
    [rec](atom::derivs, const derivatives_snapshot& x) {
      std::lock_guard<std::mutex> guard{rec->mtx};
      rec->got.push_back(x);
    },
    [](atom::schedule, timestamp, int64_t, const std::vector<wake_condition>&) {},
    [](atom::schedule, timestamp, int64_t) {},
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

struct derivs_fixture : test::sim_fixture {
  net::io_thread io;
  std::vector<candle> avax = test::read_dump_csv(
    test::shared_data("futures_um/klines_1m/AVAXUSDT-1m-2024-02.csv"), "AVAXUSDT");
  std::vector<candle> near = test::read_dump_csv(
    test::shared_data("futures_um/klines_1m/NEARUSDT-1m-2024-02.csv"), "NEARUSDT");

  /// The simulator replaying both symbols, the first day closed, an hour
  /// of market time per wall minute; `faults` are extra flags.
  void start(const std::string& log, std::vector<std::string> faults) {
    std::vector<std::string> args{
      "--data",    "AVAXUSDT=" + shared_data_path("AVAXUSDT"),
      "--data",    "NEARUSDT=" + shared_data_path("NEARUSDT"),
      "--speed",   "60",
      "--history", "1440"};
    args.insert(args.end(), faults.begin(), faults.end());
    launch_sim(log, std::move(args));
    REQUIRE(test::wait_listening(port));
  }

  static std::string shared_data_path(const std::string& symbol) {
    return test::shared_data("futures_um/klines_1m/" + symbol + "-1m-2024-02.csv");
  }

  node_config futures_config() const {
    auto cfg = config();
    cfg.exchange.market = market_kind::futures;
    cfg.market.symbols = symbols;
    return cfg;
  }

  derivatives_monitor_actor spawn_monitor(const node_config& cfg, derivatives_config d) {
    std::string error;
    auto source = make_rest_derivatives(io, cfg, error);
    REQUIRE(source);
    return spawn_derivatives_monitor(sys, d, symbols, "", source);
  }

  /// The first day's closed bars of both symbols, which also make the
  /// monitor's event time (2024-02-02 00:00, where the replay starts).
  tick_batch first_day() const {
    tick_batch b;
    for (size_t i = 0; i < 1440; ++i) {
      b.closed.push_back(avax[i]);
      b.closed.push_back(near[i]);
    }
    return b;
  }

  status_report status(caf::scoped_actor& self, const derivatives_monitor_actor& m) {
    status_report out;
    self->request(m, 5s, atom::status_v)
      .receive([&](const status_report& st) { out = st; }, [](caf::error&) {});
    return out;
  }

  std::vector<derivatives_snapshot> snapshots(caf::scoped_actor& self,
                                              const derivatives_monitor_actor& m) {
    std::vector<derivatives_snapshot> out;
    self->request(m, 5s, atom::derivs_v)
      .receive([&](std::vector<derivatives_snapshot>& xs) { out = std::move(xs); },
               [](caf::error&) {});
    return out;
  }

  /// Waits (generously) until the monitor ended `rounds` rounds.
  bool wait_rounds(caf::scoped_actor& self, const derivatives_monitor_actor& m, int64_t rounds) {
    for (int i = 0; i < 600; ++i) {
      if (status(self, m).counters["rounds"] >= rounds)
        return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  /// The simulator's own premiumIndex for `symbol`, asked directly.
  premium_index sim_premium(const node_config& cfg, const std::string& symbol) {
    std::string error;
    auto rest = shared_rest_scheduler(io, cfg, error);
    REQUIRE(rest);
    std::promise<std::string> body;
    rest->get("/fapi/v1/premiumIndex?symbol=" + symbol, 1, 5s,
              [&](net::http_result res) { body.set_value(res.ok() ? res.response.body : ""); });
    std::vector<premium_index> out;
    REQUIRE(parse_premium_index(body.get_future().get(), out, error));
    REQUIRE(out.size() == 1);
    return out.front();
  }

  /// Checks each symbol's values against its own market.
  void check_per_symbol(const std::vector<derivatives_snapshot>& got, const node_config& cfg) {
    REQUIRE(got.size() == 2);
    auto& a = got[0];
    auto& n = got[1];
    CHECK(a.symbol == "AVAXUSDT");
    CHECK(n.symbol == "NEARUSDT");
    REQUIRE(a.mark_price);
    REQUIRE(n.mark_price);
    REQUIRE(a.funding_rate);
    REQUIRE(n.funding_rate);
    // Mark prices lie in each symbol's own February range (AVAX 32-45,
    // NEAR 2.7-4.2): a value under the wrong key would fall outside.
    CHECK(*a.mark_price > 32);
    CHECK(*a.mark_price < 45);
    CHECK(*n.mark_price > 2.6);
    CHECK(*n.mark_price < 4.3);
    // Funding settles every 8 h of market time (8 wall minutes here): the
    // simulator states the same rate now as when the monitor asked.
    CHECK(*a.funding_rate == Approx(sim_premium(cfg, "AVAXUSDT").funding_rate));
    CHECK(*n.funding_rate == Approx(sim_premium(cfg, "NEARUSDT").funding_rate));
    CHECK(*a.funding_rate != *n.funding_rate);
    CHECK(to_unix_ms(a.next_funding) == 1'706'860'800'000); // 2024-02-02 08:00 UTC
    CHECK(to_unix_ms(n.next_funding) == 1'706'860'800'000);
    // Open interest (the simulator's: the trailing day's volume), its
    // change over the hour (seeded from openInterestHist) and the ratio.
    REQUIRE(a.open_interest);
    REQUIRE(n.open_interest);
    CHECK(*a.open_interest != *n.open_interest);
    REQUIRE(a.open_interest_change_pct);
    REQUIRE(n.open_interest_change_pct);
    REQUIRE(a.long_short_ratio);
    REQUIRE(n.long_short_ratio);
    CHECK(*a.long_short_ratio > 0);
    CHECK(*n.long_short_ratio > 0);
    // CVD from the first day's bars, each symbol its own.
    double cvd_a = 0;
    double cvd_n = 0;
    for (size_t i = 0; i < 1440; ++i) {
      cvd_a += 2 * avax[i].taker_buy_volume - avax[i].volume;
      cvd_n += 2 * near[i].taker_buy_volume - near[i].volume;
    }
    CHECK(a.cvd_bars == 1440);
    CHECK(n.cvd_bars == 1440);
    CHECK(a.cvd == Approx(cvd_a));
    CHECK(n.cvd == Approx(cvd_n));
  }
};

} // namespace

TEST_CASE_METHOD(derivs_fixture,
                 "the monitor polls two futures symbols and keeps every value under its symbol") {
  const std::string log = "derivatives_sim.log";
  start(log, {});
  auto cfg = futures_config();
  auto monitor = spawn_monitor(cfg, derivatives_config{});
  caf::scoped_actor self{sys};
  // The gate gets each symbol's values after its round (funding layer).
  auto record = std::make_shared<gate_record>();
  auto gate = sys.spawn(recording_gate, record);
  self->send(monitor, atom::announce_v, std::string{"gate"},
             caf::actor_cast<caf::strong_actor_ptr>(gate));
  self->send(monitor, first_day());
  REQUIRE(wait_rounds(self, monitor, 2));
  for (int i = 0; i < 600 && record->snapshot().size() < 2; ++i)
    std::this_thread::sleep_for(10ms);
  auto pushed = record->snapshot();
  REQUIRE(pushed.size() == 2);
  std::sort(pushed.begin(), pushed.end(),
            [](const derivatives_snapshot& a, const derivatives_snapshot& b) {
              return a.symbol < b.symbol;
            });
  check_per_symbol(pushed, cfg);
  auto st = status(self, monitor);
  CHECK(st.counters["failed"] == 0);
  // Four questions each: premiumIndex, openInterest, the ratio, and the
  // open interest history once.
  CHECK(st.counters["questions"] == 8);
  CHECK(st.facts["AVAXUSDT"].rfind("AVAXUSDT funding ", 0) == 0);
  check_per_symbol(snapshots(self, monitor), cfg);
  // The next round is a quiet interval later in event time: nothing more
  // is asked until the market's time gets there.
  self->send(monitor, tick_batch{{{"AVAXUSDT", avax[1440].open_time + 4min, avax[1440].open_time,
                                   avax[1440].close, 1}},
                                 {}});
  CHECK(status(self, monitor).counters["questions"] == 8);
  self->send(monitor, tick_batch{{{"AVAXUSDT", avax[1440].open_time + 5min, avax[1440].open_time,
                                   avax[1440].close, 1}},
                                 {}});
  REQUIRE(wait_rounds(self, monitor, 4));
  // The history is asked once: three questions per symbol now.
  CHECK(status(self, monitor).counters["questions"] == 14);
  stop(self, monitor);
  CHECK(count_lines(sim_log(log), "-> ") == 0); // no request was refused
  caf::anon_send_exit(gate, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(derivs_fixture,
                 "injected 429s: the scheduler waits them out, no 418, the values arrive") {
  const std::string log = "derivatives_429_sim.log";
  // Every third REST request is refused with 429 and Retry-After 1; a
  // request sent during that second would earn a 418 ban.
  start(log, {"--http-error", "429:3", "--retry-after", "1"});
  auto cfg = futures_config();
  auto monitor = spawn_monitor(cfg, derivatives_config{});
  caf::scoped_actor self{sys};
  self->send(monitor, first_day());
  REQUIRE(wait_rounds(self, monitor, 2));
  auto st = status(self, monitor);
  // The refused requests were sent again after the pause: the monitor saw
  // only answers.
  CHECK(st.counters["failed"] == 0);
  check_per_symbol(snapshots(self, monitor), cfg);
  stop(self, monitor);
  CHECK(count_lines(sim_log(log), "-> 429") > 0);
  CHECK(count_lines(sim_log(log), "-> 418") == 0);
}

TEST_CASE_METHOD(derivs_fixture,
                 "an exchange that fails: the monitor retries after its backoff in event time") {
  const std::string log = "derivatives_503_sim.log";
  // Every REST request fails with 503 (the scheduler passes it on).
  start(log, {"--http-error", "503"});
  auto cfg = futures_config();
  derivatives_config d;
  d.retry_initial = 10s;
  d.retry_max = 1min;
  auto monitor = spawn_monitor(cfg, d);
  caf::scoped_actor self{sys};
  self->send(monitor, first_day());
  REQUIRE(wait_rounds(self, monitor, 2));
  auto st = status(self, monitor);
  CHECK(st.counters["questions"] == 8);
  CHECK(st.counters["failed"] == 8);
  auto got = snapshots(self, monitor);
  REQUIRE(got.size() == 2);
  CHECK_FALSE(got[0].funding_rate);
  auto t0 = avax[1440].open_time;
  auto at = [&](timespan later) {
    return tick_batch{{{"AVAXUSDT", t0 + later, t0, avax[1440].close, 1}}, {}};
  };
  // 9 s of event time: still backing off.
  self->send(monitor, at(9s));
  CHECK(status(self, monitor).counters["questions"] == 8);
  // 10 s: the retry (the history is asked again: it never arrived).
  self->send(monitor, at(10s));
  REQUIRE(wait_rounds(self, monitor, 4));
  CHECK(status(self, monitor).counters["questions"] == 16);
  // The second failure doubles the wait: 20 s after the retry.
  self->send(monitor, at(29s));
  CHECK(status(self, monitor).counters["questions"] == 16);
  self->send(monitor, at(30s));
  REQUIRE(wait_rounds(self, monitor, 6));
  CHECK(status(self, monitor).counters["questions"] == 24);
  stop(self, monitor);
}
