// Orders per second through risk -> binance broker -> exchange-sim on
// loopback: the real risk actor judges each decision (a BUY raising the
// position, sized against the exchange's filters), the real binance broker
// journals each order's intent (synced SQLite) before it sends it signed
// over HTTP to exchange-sim, which matches it and answers with the fill;
// the clock stops when every fill has reached the tracker's place. The
// tracker and the market store are stand-ins that report no position and
// the simulator's last price, so every decision is a fresh order.
//
// usage: order_rate_bench EXCHANGE_SIM [orders=300] [runs=3]

#include "actors/broker/binance_broker_actor.hpp"
#include "actors/risk/risk_actor.hpp"
#include "messages/lot_rule.hpp"
#include "messages/register.hpp"
#include "runtime/journal/journal_actor.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/url.hpp"
#include "test/integration/loopback.hpp"
#include "test/integration/node/subprocess.hpp"
#include "tools/bench/median.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace tn;
using tn::bench::median;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

const std::string key = "bench-key-0123456789";
const std::string secret = "bench-secret-0123456789";

/// exchange-sim on `port`, plain HTTP, a synthetic BTCUSDT and a large
/// account; killed with the handle.
std::unique_ptr<test::subprocess> start_sim(const std::string& program, uint16_t port) {
  return std::make_unique<test::subprocess>(
    program,
    std::vector<std::string>{"--port", std::to_string(port), "--synthetic", "BTCUSDT:60000",
                             "--history", "60", "--api-key", key, "--api-secret", secret,
                             "--balance", "USDT=100000000"},
    "/dev/null", "/dev/null");
}

/// A GET answered in full, or "" after `tries` failed attempts.
std::string get(net::http_client& http, const std::string& target, int tries = 100) {
  for (int i = 0; i < tries; ++i) {
    std::promise<net::http_result> answer;
    net::http_request req;
    req.target = target;
    http.request(req, 5s, [&](net::http_result r) { answer.set_value(std::move(r)); });
    auto r = answer.get_future().get();
    if (r.ok() && r.response.status == 200)
      return r.response.body;
    std::this_thread::sleep_for(50ms);
  }
  return {};
}

/// Counts fills; `done` is set once `expected` arrived.
struct fill_count {
  std::atomic<size_t> fills{0};
  size_t expected = 0;
  std::promise<void> done;
};

/// The tracker's answers risk needs: no open position.
position_tracker_actor::behavior_type flat_tracker(position_tracker_actor::pointer,
                                                   std::shared_ptr<fill_count> n) {
  return {
    [](atom::exit, const exit_request&) {},
    [](atom::positions) { return std::vector<position>{}; },
    [](atom::reconcile, const exchange_holdings&) { return uint32_t{0}; },
    [](atom::rules, const std::vector<lot_rule>&) {},
    [](const order_update&) {},
    [n](const fill&) {
      if (++n->fills == n->expected)
        n->done.set_value();
    },
    [](const tick_batch&) {},
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

/// The store's answer risk needs: the last price.
caf::behavior price_store(double price) {
  return {[price](atom::price, const std::string&) { return price; }};
}

/// One run: `orders` decisions, each a BUY for one more order; orders/s.
double run(caf::actor_system& sys, const std::string& sim_program, int orders, int index) {
  auto port = test::free_port();
  auto sim = start_sim(sim_program, port);
  net::io_thread io;
  net::url origin;
  std::string error;
  net::parse_url("http://127.0.0.1:" + std::to_string(port), origin, error);
  auto http = net::http_client::make(io, origin, net::tls_client_options{});
  auto rules = get(*http, "/api/v3/exchangeInfo?symbol=BTCUSDT");
  auto ticker = get(*http, "/api/v3/ticker/price?symbol=BTCUSDT");
  if (rules.empty() || ticker.empty()) {
    fmt::print(stderr, "order_rate_bench: exchange-sim did not answer on port {}\n", port);
    std::exit(1);
  }
  auto at = ticker.find(R"("price":")") + 9;
  auto price = std::stod(ticker.substr(at, ticker.find('"', at) - at));

  auto dir = std::filesystem::temp_directory_path()
             / fmt::format("order_rate_bench_{}_{}", ::getpid(), index);
  std::filesystem::create_directories(dir);
  auto journal = spawn_journal(sys, (dir / "journal.sqlite").string(),
                               [](const std::string&) {});
  auto count = std::make_shared<fill_count>();
  count->expected = static_cast<size_t>(orders);
  auto tracker = sys.spawn(flat_tracker, count);
  auto store = sys.spawn([price] { return price_store(price); });

  binance_setup b;
  b.keys = {key, secret};
  b.http = http;
  b.symbols = {"BTCUSDT"};
  b.wall_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
  };
  auto broker = spawn_binance_broker(sys, std::move(b));

  risk_setup r;
  r.cfg.max_orders_per_minute = 1'000'000;
  r.cfg.max_position_pct = decimal::from_int(1);
  r.cfg.entry_type = order_type::market;
  exchange_filters filters;
  std::string why;
  parse_exchange_info(rules, market_kind::spot, filters, why);
  r.filters = std::move(filters);
  auto risk = spawn_risk(sys, std::move(r));

  caf::scoped_actor self{sys};
  auto announce = [&](const auto& to, const char* name, const auto& hdl) {
    self->send(to, atom::announce_v, std::string{name},
               caf::actor_cast<caf::strong_actor_ptr>(hdl));
  };
  announce(broker, "journal", journal);
  announce(broker, "position_tracker", tracker);
  announce(broker, "risk", risk);
  announce(risk, "broker", broker);
  announce(risk, "position_tracker", tracker);
  announce(risk, "journal", journal);
  announce(risk, "market_store", store);
  tick_batch last;
  auto now = timestamp{std::chrono::system_clock::now().time_since_epoch()};
  last.ticks.push_back(tick{"BTCUSDT", now, now, price, 0});
  self->send(broker, last);
  // Ready once the broker reconciled and loaded the exchange's rules (it
  // asks for them on the clock's time, as the node's clock service sends).
  auto status_of = [&](const auto& hdl) {
    status_report st;
    self->request(hdl, 5s, atom::status_v)
      .receive([&](status_report& x) { st = std::move(x); }, [](caf::error&) {});
    return st;
  };
  for (int i = 0;; ++i) {
    self->send(broker, atom::time_v, now);
    auto st = status_of(broker);
    if (st.facts["restored"] == "yes" && st.facts["rules"] == "loaded")
      break;
    if (i == 600) {
      fmt::print(stderr, "order_rate_bench: the broker did not get ready within a minute\n");
      std::exit(1);
    }
    std::this_thread::sleep_for(100ms);
  }

  auto finished = count->done.get_future();
  auto start = clock_type::now();
  for (int i = 0; i < orders; ++i) {
    // Each decision its own UTC minute, so risk's per-minute limit never
    // counts two; a BUY to 1 % more of equity each time, never reached
    // since the stand-in tracker reports no position.
    decision d;
    d.ts = now + std::chrono::minutes{i};
    d.source = decision_source::evaluator;
    symbol_decision s;
    s.symbol = "BTCUSDT";
    s.action = trade_action::buy;
    s.position_pct = 0.01;
    d.decisions.push_back(s);
    self->send(risk, atom::execute_v, static_cast<uint64_t>(i + 1), d);
  }
  if (finished.wait_for(120s) != std::future_status::ready) {
    auto r = status_of(risk).counters;
    auto b = status_of(broker).counters;
    fmt::print(stderr,
               "order_rate_bench: {} of {} fills within 120 s (risk: {} accepted, {} reduced, {} "
               "rejected; broker: {} orders, {} rejected)\n",
               count->fills.load(), orders, r["verdicts.accepted"], r["verdicts.reduced"],
               r["verdicts.rejected"], b["orders"], b["rejected"]);
    std::exit(1);
  }
  std::chrono::duration<double> secs = clock_type::now() - start;
  for (auto hdl : {caf::actor_cast<caf::actor>(risk), caf::actor_cast<caf::actor>(broker),
                   caf::actor_cast<caf::actor>(tracker), caf::actor_cast<caf::actor>(store),
                   caf::actor_cast<caf::actor>(journal)}) {
    self->monitor(hdl);
    self->send_exit(hdl, caf::exit_reason::user_shutdown);
    self->receive([](const caf::down_msg&) {});
  }
  std::filesystem::remove_all(dir);
  return orders / secs.count();
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: order_rate_bench EXCHANGE_SIM [orders=300] [runs=3]\n");
    return 2;
  }
  std::string sim = argv[1];
  int orders = argc > 2 ? std::atoi(argv[2]) : 300;
  int runs = argc > 3 ? std::atoi(argv[3]) : 3;
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  std::vector<double> rates;
  for (int i = 0; i < runs; ++i)
    rates.push_back(run(sys, sim, orders, i));
  fmt::print("{} orders x {} runs: risk -> binance broker -> exchange-sim: median {:.0f} "
             "orders/s (min {:.0f}, max {:.0f})\n",
             orders, runs, median(rates), *std::min_element(rates.begin(), rates.end()),
             *std::max_element(rates.begin(), rates.end()));
  return 0;
}
