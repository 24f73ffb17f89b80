// Tick-to-order latency of a stop-loss exit, in process, on the real actors:
//   1. tick -> order: a kline frame that crosses the stop is parsed as the
//      I/O thread parses it, reaches the real market_listener, which hands
//      the tick to the real position_tracker, whose safety layer sends the
//      exit order; the clock stops when that order_request reaches the
//      broker actor;
//   2. write-ahead: the broker's next step before the request may leave, the
//      real journal committing the order's intent durably (SQLite, synced),
//      timed alone as a request/answer round trip.
// Every exit is a fresh position (opened by a fill the bench sends, not
// timed). Figures: p50, p99 and max over all exits of each run; the median
// of those over the runs.
//
// usage: exit_bench [exits=2000] [runs=5] [dir=/tmp]
// TN_BENCH_SCHEDULER=default|low_latency applies that node.scheduler
// profile (runtime/config/scheduler_profile.hpp): how long an idle worker
// spins before it sleeps, i.e. the wake-up latency.

#include "actors/market_listener/kline_parser.hpp"
#include "actors/market_listener/market_listener_behavior.hpp"
#include "actors/tracker/position_tracker_actor.hpp"
#include "messages/register.hpp"
#include "runtime/config/scheduler_profile.hpp"
#include "runtime/journal/journal_actor.hpp"
#include "tools/bench/median.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <unistd.h>

using namespace tn;
using tn::bench::median;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

/// The listener's stream: nothing to open, the bench injects the frames.
struct injected_transport : market_transport {
  void open_stream(const std::string&, uint64_t c, const market_listener_actor&) override {
    conn = c;
  }
  void close_stream() override {
  }
  void fetch_gap(const bar_request&, const market_listener_actor&) override {
  }
  uint64_t conn = 0;
};

/// Where the broker's stand-in reports the arrival of each exit order.
struct arrivals {
  std::mutex mutex;
  std::promise<clock_type::time_point> next;
  bool armed = false;      // `next` waits for the exit order of the current run
  uint64_t unexpected = 0; // orders that came while none was awaited
};

/// Records when each order arrives, then fills it and tells the tracker, so
/// the position closes and the next one can open.
broker_actor::behavior_type timing_broker(broker_actor::pointer self,
                                          std::shared_ptr<arrivals> out,
                                          position_tracker_actor tracker) {
  return {
    [self, out, tracker](atom::order, order_request& o) {
      auto at = clock_type::now();
      fill f;
      f.client_id = o.client_id;
      f.symbol = o.symbol;
      f.side = o.side;
      f.quantity = o.quantity;
      f.price = *decimal::parse("95");
      f.ts = o.ts;
      order_update u;
      u.client_id = o.client_id;
      u.symbol = o.symbol;
      u.state = order_state::filled;
      u.filled_quantity = o.quantity;
      u.ts = o.ts;
      self->send(tracker, std::move(f));
      self->send(tracker, std::move(u));
      std::lock_guard<std::mutex> guard{out->mutex};
      // A second order for one exit would satisfy the promise twice; the
      // bench reports it instead of dying on it.
      if (!out->armed) {
        ++out->unexpected;
        return;
      }
      out->armed = false;
      out->next.set_value(at);
    },
    [](atom::cancel, const std::string&) {},
    [](atom::balance) { return account_state{}; },
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

/// A combined-stream kline event of BTCUSDT trading at `price` at `ts`.
std::string kline_frame(timestamp ts, const char* price) {
  auto ms = to_unix_ms(ts);
  auto open = ms - ms % 60000;
  return fmt::format(
    R"({{"stream":"btcusdt@kline_1m","data":{{"e":"kline","E":{},"s":"BTCUSDT","k":{{"t":{},)"
    R"("T":{},"s":"BTCUSDT","i":"1m","f":1,"L":2,"o":"100","c":"{}","h":"100","l":"{}",)"
    R"("v":"1","n":2,"x":false,"q":"100","V":"0","Q":"0","B":"0"}}}}}})",
    ms, open, open + 59999, price, price);
}

struct percentiles {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};

percentiles summarise(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100], us.back()};
}

/// Says why an exit order did not come: what the tracker holds and counts,
/// and whether the broker saw orders nobody awaited.
void report_missing_exit(caf::scoped_actor& self, const position_tracker_actor& tracker,
                         arrivals& out, int exit) {
  fmt::print(stderr, "exit_bench: no exit order within 10 s (exit {})\n", exit);
  self->request(tracker, 5s, atom::positions_v)
    .receive(
      [&](std::vector<position>& xs) {
        for (auto& x : xs)
          fmt::print(stderr, "exit_bench: open position {} {} at {}\n", x.position_id,
                     to_string(x.quantity), to_string(x.entry_price));
        if (xs.empty())
          fmt::print(stderr, "exit_bench: the tracker holds no position\n");
      },
      [](caf::error&) { fmt::print(stderr, "exit_bench: the tracker does not answer\n"); });
  self->request(tracker, 5s, atom::status_v)
    .receive(
      [&](status_report& r) {
        for (auto& [name, value] : r.counters)
          fmt::print(stderr, "exit_bench: tracker {} = {}\n", name, value);
      },
      [](caf::error&) {});
  std::lock_guard<std::mutex> guard{out.mutex};
  fmt::print(stderr, "exit_bench: orders the broker got while none was awaited: {}\n",
             out.unexpected);
}

/// One run of `exits` stop-loss exits; microseconds from the frame to the
/// order at the broker, per exit.
std::vector<double> tick_to_order(caf::actor_system& sys, int exits) {
  node_config cfg;
  cfg.market.symbols = {"BTCUSDT"};
  auto transport = std::make_shared<injected_transport>();
  auto listener = sys.spawn(market_listener_behavior, cfg, transport, uint64_t{1});
  auto tracker = spawn_position_tracker(sys, tracker_config{}, safety_thresholds{});
  auto out = std::make_shared<arrivals>();
  auto broker = sys.spawn(timing_broker, out, tracker);
  caf::scoped_actor self{sys};
  self->send(tracker, atom::announce_v, std::string{"broker"},
             caf::actor_cast<caf::strong_actor_ptr>(broker));
  self->send(listener, atom::announce_v, std::string{"position_tracker"},
             caf::actor_cast<caf::strong_actor_ptr>(tracker));
  self->send(listener, atom::ws_open_v, transport->conn);
  kline_parser parser; // the I/O thread's, one per connection
  parsed_frame parsed;
  std::vector<double> us;
  auto t = from_unix_ms(1'752'364'800'000);
  for (int i = 0; i < exits; ++i) {
    // Open a position at 100 (untimed): a tick, then the entry's fill.
    t += 1min;
    tick_batch at_entry;
    at_entry.ticks.push_back({"BTCUSDT", t, t - t.time_since_epoch() % 1min, 100, 1});
    self->send(tracker, at_entry);
    fill entry;
    entry.client_id = fmt::format("tn{}-0", i + 1);
    entry.decision_id = static_cast<uint64_t>(i + 1);
    entry.symbol = "BTCUSDT";
    entry.quantity = *decimal::parse("1");
    entry.price = *decimal::parse("100");
    entry.ts = t;
    self->send(tracker, entry);
    std::vector<position> open;
    self->request(tracker, 5s, atom::positions_v)
      .receive([&](std::vector<position>& xs) { open = std::move(xs); },
               [](caf::error&) {});
    if (open.size() != 1) {
      fmt::print(stderr, "exit_bench: the position did not open (exit {})\n", i);
      std::exit(1);
    }
    std::future<clock_type::time_point> arrived;
    {
      std::lock_guard<std::mutex> guard{out->mutex};
      out->next = {};
      out->armed = true;
      arrived = out->next.get_future();
    }
    // The timed part: a frame 5 % under the entry, through the stop at 4 %.
    auto frame = kline_frame(t + 10s, "95");
    auto start = clock_type::now();
    parser.parse(frame, parsed);
    tick_batch batch;
    append_to_batch(parsed, batch);
    caf::anon_send(listener, atom::frame_v, transport->conn, std::move(batch));
    if (arrived.wait_for(10s) != std::future_status::ready) {
      report_missing_exit(self, tracker, *out, i);
      std::exit(1);
    }
    std::chrono::duration<double, std::micro> took = arrived.get() - start;
    us.push_back(took.count());
    // Wait until the position closed before the next one opens.
    for (int k = 0; k < 1000 && !open.empty(); ++k)
      self->request(tracker, 5s, atom::positions_v)
        .receive([&](std::vector<position>& xs) { open = std::move(xs); },
                 [](caf::error&) {});
  }
  self->send_exit(listener, caf::exit_reason::user_shutdown);
  self->send_exit(broker, caf::exit_reason::user_shutdown);
  self->send_exit(tracker, caf::exit_reason::user_shutdown);
  return us;
}

/// One run of `n` intents committed by the real journal; microseconds per
/// commit (request to durable answer).
std::vector<double> intent_commits(caf::actor_system& sys, const std::string& dir, int run,
                                   int n) {
  auto path = fmt::format("{}/exit_bench_{}_{}.sqlite", dir, ::getpid(), run);
  auto journal = spawn_journal(sys, path, [](const std::string&) {});
  caf::scoped_actor self{sys};
  std::vector<double> us;
  for (int i = 0; i < n; ++i) {
    order_request o;
    o.client_id = fmt::format("tn{}-0-x1", i + 1);
    o.symbol = "BTCUSDT";
    o.side = order_side::sell;
    o.quantity = *decimal::parse("1");
    o.reason = order_reason::stop_loss;
    o.ts = from_unix_ms(1'752'364'800'000) + i * 1min;
    auto start = clock_type::now();
    bool ok = false;
    self->request(journal, 10s, atom::order_v, o)
      .receive([&](uint64_t added) { ok = added == 1; }, [](caf::error&) {});
    std::chrono::duration<double, std::micro> took = clock_type::now() - start;
    if (!ok) {
      fmt::print(stderr, "exit_bench: the journal did not commit intent {}\n", i);
      std::exit(1);
    }
    us.push_back(took.count());
  }
  self->send_exit(journal, caf::exit_reason::user_shutdown);
  self->wait_for(journal);
  for (auto suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
  return us;
}

void report(const char* what, const std::vector<percentiles>& runs) {
  std::vector<double> p50;
  std::vector<double> p99;
  std::vector<double> max;
  for (auto& r : runs) {
    p50.push_back(r.p50);
    p99.push_back(r.p99);
    max.push_back(r.max);
  }
  fmt::print("{:<44} p50 {:>9.1f} us  p99 {:>9.1f} us  max {:>9.1f} us\n", what, median(p50),
             median(p99), median(max));
}

} // namespace

int main(int argc, char** argv) {
  int exits = argc > 1 ? std::atoi(argv[1]) : 2000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  std::string dir = argc > 3 ? argv[3] : "/tmp";
  if (exits < 100 || runs < 1) {
    fmt::print(stderr, "usage: exit_bench [exits>=100] [runs>=1] [dir]\n");
    return 2;
  }
  caf::actor_system_config sys_cfg;
  add_message_types(sys_cfg);
  auto profile = scheduler_profile::caf_default;
  if (const char* name = std::getenv("TN_BENCH_SCHEDULER")) {
    if (std::string{name} == "low_latency")
      profile = scheduler_profile::low_latency;
    else if (std::string{name} != "default") {
      fmt::print(stderr, "TN_BENCH_SCHEDULER: default or low_latency, not {}\n", name);
      return 2;
    }
  }
  for (auto& s : scheduler_settings(profile))
    sys_cfg.set(s.key, s.value);
  caf::actor_system sys{sys_cfg};
  std::vector<percentiles> ticks;
  std::vector<percentiles> commits;
  for (int r = 0; r < runs; ++r) {
    ticks.push_back(summarise(tick_to_order(sys, exits)));
    commits.push_back(summarise(intent_commits(sys, dir, r, std::min(exits, 500))));
  }
  fmt::print("{} exits x {} runs, node.scheduler {} (median over runs of each run's "
             "percentiles)\n",
             exits, runs, to_string(profile));
  report("tick -> exit order at the broker", ticks);
  report("journal: exit intent committed (synced)", commits);
  return 0;
}
