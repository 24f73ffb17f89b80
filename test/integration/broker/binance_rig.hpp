#pragma once

// The binance broker in a real actor system, against exchange-sim over
// loopback TLS: a real journal in a temp dir, recording sinks (tracker and
// risk) and event log, and the test as the clock (atom::time in wall time).

#include "actors/broker/binance_broker_actor.hpp"
#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "messages/market.hpp"
#include "messages/order.hpp"
#include "messages/register.hpp"
#include "runtime/journal/journal_actor.hpp"
#include "test/integration/exchange_sim/sim_client.hpp"
#include "test/unit/money/decimal_text.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <sstream>

namespace tn::test {

/// What the sinks and the event log received.
struct broker_record {
  std::mutex mutex;
  std::vector<order_update> updates;
  std::vector<fill> fills;
  std::vector<event> events;
  std::vector<exchange_holdings> holdings; // what the broker handed the tracker to reconcile

  /// Records `x` (an actor's thread) in one of the lists above.
  template <class T>
  void add(std::vector<T>& into, const T& x) {
    std::lock_guard<std::mutex> guard{mutex};
    into.push_back(x);
  }

  size_t fills_of(const std::string& client_id) {
    std::lock_guard<std::mutex> guard{mutex};
    size_t n = 0;
    for (auto& f : fills)
      n += f.client_id == client_id ? 1 : 0;
    return n;
  }

  /// The last state the sinks heard for `client_id` (intent: none).
  std::optional<order_update> last_of(const std::string& client_id) {
    std::lock_guard<std::mutex> guard{mutex};
    std::optional<order_update> out;
    for (auto& u : updates)
      if (u.client_id == client_id)
        out = u;
    return out;
  }

  size_t events_with(const std::string& text) {
    std::lock_guard<std::mutex> guard{mutex};
    size_t n = 0;
    for (auto& e : events)
      n += e.text.find(text) != std::string::npos ? 1 : 0;
    return n;
  }
};

inline execution_sink_actor::behavior_type recording_sink(execution_sink_actor::pointer,
                                                          std::shared_ptr<broker_record> r) {
  return {
    [r](const order_update& x) { r->add(r->updates, x); },
    [r](const fill& x) { r->add(r->fills, x); },
  };
}

/// The tracker's part for the broker: the execution sink, and the
/// reconciliation at start (recorded, nothing to correct).
using recording_tracker_actor = execution_sink_actor::extend_with<position_reconciler_actor>;

inline recording_tracker_actor::behavior_type
recording_tracker(recording_tracker_actor::pointer, std::shared_ptr<broker_record> r) {
  return {
    [r](const order_update& x) { r->add(r->updates, x); },
    [r](const fill& x) { r->add(r->fills, x); },
    [r](atom::reconcile, const exchange_holdings& h) {
      r->add(r->holdings, h);
      return uint32_t{0};
    },
  };
}

inline event_log_actor::behavior_type recording_log(event_log_actor::pointer,
                                                    std::shared_ptr<broker_record> r) {
  return {
    [r](atom::publish, const event& e) { r->add(r->events, e); },
    [](atom::events, const std::string&) { return std::vector<event>{}; },
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

struct binance_rig {
  sim_client sim;
  temp_dir dir;
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scoped_actor self;
  std::shared_ptr<broker_record> rec = std::make_shared<broker_record>();
  journal_actor journal;
  event_log_actor log;
  recording_tracker_actor tracker;
  execution_sink_actor risk;
  broker_actor broker;
  // A real position tracker, when a test runs one: the broker's
  // "position_tracker" instead of the recording one.
  position_tracker_actor real_tracker;
  std::shared_ptr<std::atomic<int64_t>> skew_ms = std::make_shared<std::atomic<int64_t>>(0);
  std::string symbol = "BTCUSDT";

  static caf::actor_system_config& prepare(caf::actor_system_config& c) {
    add_message_types(c);
    return c;
  }

  explicit binance_rig(const std::vector<std::string>& sim_flags = {})
    : sim(sim_flags), sys(prepare(cfg)), self(sys) {
    journal = spawn_journal(sys, dir.file("journal.db"), [](const std::string&) {});
    log = sys.spawn(recording_log, rec);
    tracker = sys.spawn(recording_tracker, rec);
    risk = sys.spawn(recording_sink, rec);
  }

  ~binance_rig() {
    for (auto hdl : {caf::actor_cast<caf::actor>(broker), caf::actor_cast<caf::actor>(journal),
                     caf::actor_cast<caf::actor>(log), caf::actor_cast<caf::actor>(tracker),
                     caf::actor_cast<caf::actor>(real_tracker),
                     caf::actor_cast<caf::actor>(risk)})
      if (hdl)
        caf::anon_send_exit(hdl, caf::exit_reason::user_shutdown);
  }

  static binance_config fast_config(market_kind market = market_kind::spot) {
    binance_config c;
    c.market = market;
    c.poll_initial = std::chrono::milliseconds{200};
    c.poll_max = std::chrono::seconds{1};
    c.maker_fallback = timespan{};
    return c;
  }

  /// Starts a broker (a restart when one ran before) and waits until it
  /// has reconciled and loaded the trading rules; `first` runs before it
  /// knows its peers (so before it can restore).
  void start(binance_config c, const std::function<void()>& first = {}) {
    if (broker)
      stop_broker();
    net::url origin;
    std::string error;
    REQUIRE(net::parse_url("https://127.0.0.1:" + std::to_string(sim.port), origin, error));
    binance_setup setup;
    setup.cfg = c;
    setup.keys = {sim_key, sim_secret};
    setup.http = net::http_client::make(sim.io, origin, net::tls_client_options{sim.pki + "/ca.pem"});
    setup.symbols = {symbol};
    setup.wall_ms = [skew = skew_ms] { return wall_ms() + skew->load(); };
    broker = spawn_binance_broker(sys, std::move(setup));
    if (first)
      first();
    auto announce = [&](const char* name, auto hdl) {
      caf::anon_send(broker, atom::announce_v, std::string{name},
                     caf::actor_cast<caf::strong_actor_ptr>(hdl));
    };
    announce("event_log", log);
    if (real_tracker)
      announce("position_tracker", real_tracker);
    else
      announce("position_tracker", tracker);
    announce("risk", risk);
    announce("journal", journal);
    price(); // the broker values market orders at the last price
    REQUIRE(wait_for([&] {
      auto s = status();
      return s.facts["restored"] == "yes" && s.facts["rules"] == "loaded"
             && s.facts["positions"] == "reconciled" && s.facts.count("equity") > 0;
    }));
  }

  void stop_broker() {
    self->monitor(broker);
    self->send_exit(broker, caf::exit_reason::user_shutdown);
    self->receive([](caf::down_msg&) {}, caf::after(std::chrono::seconds{30}) >> [] {
      FAIL("the broker did not stop");
    });
    broker = nullptr;
  }

  /// The simulator's last price, also sent to the broker as a tick.
  decimal price() {
    auto r = sim.send("GET", "/api/v3/ticker/price?symbol=" + symbol);
    REQUIRE(r.response.status == 200);
    auto& body = r.response.body;
    auto at = body.find(R"("price":")");
    REQUIRE(at != std::string::npos);
    auto p = dec(body.substr(at + 9, body.find('"', at + 9) - at - 9));
    if (broker) {
      tick_batch b;
      b.ticks.push_back(tick{symbol, now(), now(), to_double(p), 0});
      caf::anon_send(broker, b);
    }
    return p;
  }

  static timestamp now() {
    return timestamp{} + std::chrono::milliseconds{wall_ms()};
  }

  status_report status() {
    status_report out;
    self->request(broker, std::chrono::seconds{30}, atom::status_v)
      .receive([&](status_report& r) { out = std::move(r); },
               [&](caf::error& e) { FAIL("status: " << sys.render(e)); });
    return out;
  }

  std::vector<journaled_order> journaled() {
    std::vector<journaled_order> out;
    self->request(journal, std::chrono::seconds{30}, atom::orders_v, uint32_t{100})
      .receive([&](std::vector<journaled_order>& xs) { out = std::move(xs); },
               [&](caf::error& e) { FAIL("orders: " << sys.render(e)); });
    return out;
  }

  std::optional<journaled_order> journaled(const std::string& client_id) {
    for (auto& o : journaled())
      if (o.request.client_id == client_id)
        return o;
    return std::nullopt;
  }

  /// Sends the clock's time until `done` holds (generous deadline).
  bool wait_for(const std::function<bool()>& done,
                std::chrono::seconds timeout = std::chrono::seconds{60}) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (broker)
        caf::anon_send(broker, atom::time_v, now());
      if (done())
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
    return false;
  }

  order_request order(const std::string& client_id, order_side side, order_type type,
                      const std::string& qty, decimal limit = {}) {
    order_request x;
    x.client_id = client_id;
    x.decision_id = 1;
    x.symbol = symbol;
    x.side = side;
    x.type = type;
    x.quantity = dec(qty);
    x.price = limit;
    x.ts = now();
    return x;
  }

  void place(const order_request& x) {
    caf::anon_send(broker, atom::order_v, x);
  }

  /// Waits for the sinks to hear `state` of `client_id` last.
  void wait_state(const std::string& client_id, order_state state) {
    INFO("client id " << client_id << " to be " << to_string(state));
    REQUIRE(wait_for([&] {
      auto u = rec->last_of(client_id);
      return u && u->state == state;
    }));
  }

  /// Waits for the sinks to hear a final state of `client_id`.
  order_update final_state(const std::string& client_id,
                           std::chrono::seconds timeout = std::chrono::seconds{60}) {
    std::optional<order_update> last;
    bool done = wait_for([&] {
      last = rec->last_of(client_id);
      return last && is_final(last->state);
    }, timeout);
    INFO("client id " << client_id);
    REQUIRE(done);
    return *last;
  }

  /// How many orders the simulator accepted under `client_id` (distinct
  /// order ids in its record).
  size_t sim_orders(const std::string& client_id) {
    auto text = sim.send("GET", "/sim/record").response.body;
    std::set<std::string> ids;
    std::istringstream lines{text};
    for (std::string line; std::getline(lines, line);) {
      if (line.find(R"({"event":"order")") != 0
          || line.find(R"("clientOrderId":")" + client_id + "\"") == std::string::npos)
        continue;
      auto at = line.find(R"("orderId":)");
      ids.insert(line.substr(at, line.find(',', at) - at));
    }
    return ids.size();
  }

  /// The simulator's fill lines of `client_id`.
  size_t sim_fills(const std::string& client_id) {
    auto text = sim.send("GET", "/sim/record").response.body;
    size_t n = 0;
    std::istringstream lines{text};
    for (std::string line; std::getline(lines, line);)
      if (line.find(R"("clientOrderId":")" + client_id + "\"") != std::string::npos
          && line.find(R"("event":"fill")") != std::string::npos)
        ++n;
    return n;
  }
};

} // namespace tn::test
