#include "actors/market_store/market_store_behavior.hpp"

#include "test/unit/caf_fixture.hpp"
#include "test/unit/market_actors/recording_sink.hpp"

using namespace tn;
using namespace std::chrono_literals;

namespace {

struct fake_history : history_source {
  std::vector<std::pair<uint64_t, bar_request>> fetched;
  void fetch(uint64_t id, const bar_request& req, const market_store_actor&) override {
    fetched.emplace_back(id, req);
  }
};

const timestamp t0 = from_unix_ms(1752364800000);

candle minute(timestamp open, double close) {
  candle c;
  c.symbol = "BTCUSDT";
  c.open_time = open;
  c.open = c.high = c.low = c.close = close;
  c.closed = true;
  return c;
}

struct store_fixture : test::caf_fixture {
  std::shared_ptr<fake_history> history = std::make_shared<fake_history>();
  market_store_actor store;
  caf::actor event_log; // record_events()'

  store_fixture() {
    node_config cfg;
    cfg.market.symbols = {"BTCUSDT"};
    cfg.market.warmup_bars = 3;
    cfg.market.history_bars = 10;
    cfg.market.reconnect = {2s, 8s, 0.0};
    store = sys.spawn(market_store_behavior, cfg, std::shared_ptr<history_source>{history},
                      uint64_t{1});
    sched.run();
  }

  /// The store's events from now on.
  test::received_events record_events() {
    auto events = std::make_shared<std::vector<event>>();
    auto log = sys.spawn(test::record_events, events);
    self->send(store, atom::announce_v, std::string{"event_log"},
               caf::actor_cast<caf::strong_actor_ptr>(log));
    event_log = caf::actor_cast<caf::actor>(log);
    return events;
  }

  /// The first tick, 30 s into t0's minute: the store asks history for its
  /// warm-up.
  void first_tick() {
    tick_batch b;
    b.ticks.push_back({"BTCUSDT", t0 + 30s, t0, 101, 1});
    self->send(store, b);
    sched.run();
  }

  ~store_fixture() {
    if (event_log)
      caf::anon_send_exit(event_log, caf::exit_reason::user_shutdown);
  }
};

} // namespace

TEST_CASE_METHOD(store_fixture, "the first tick warms the store up from history") {
  first_tick();
  REQUIRE(history->fetched.size() == 6);
  auto [id, req] = history->fetched[0];
  CHECK(req.span == interval::m1);
  CHECK(req.first == t0 - 3min);
  CHECK(req.last == t0 - 1min);
  self->send(store, atom::warmup_v, id,
             std::vector<candle>{minute(t0 - 3min, 98), minute(t0 - 2min, 99),
                                 minute(t0 - 1min, 100)});
  tick_batch live;
  live.ticks.push_back({"BTCUSDT", t0 + 60s, t0, 101, 1});
  live.closed.push_back(minute(t0, 101));
  self->send(store, live);
  sched.run();
  auto bars = ask<std::vector<candle>>(store, atom::candles_v, std::string{"BTCUSDT"},
                                       interval::m1, uint32_t{10}, t0 + 60s);
  REQUIRE(bars.size() == 4);
  // As of a moment before the live bar closed, it is not shown.
  auto before = ask<std::vector<candle>>(store, atom::candles_v, std::string{"BTCUSDT"},
                                         interval::m1, uint32_t{10}, t0 + 59s);
  REQUIRE(before.size() == 3);
  CHECK(before.back().close != 101);
  CHECK(bars.front().close == 98);
  CHECK(bars.back().close == 101);
  auto status = ask<status_report>(store, atom::status_v);
  CHECK(status.facts.at("price:BTCUSDT") == "101");
  CHECK(status.counters.at("history_pending") == 5);
}

TEST_CASE_METHOD(store_fixture, "the store says once when the warm-up is done and how much it holds") {
  auto events = record_events();
  first_tick();
  REQUIRE(history->fetched.size() == 6);
  auto infos = [&] {
    std::vector<std::string> xs;
    for (auto& e : *events)
      if (e.level == severity::info)
        xs.push_back(e.text);
    return xs;
  };
  for (size_t i = 0; i < 6; ++i) {
    CHECK(infos().empty()); // not before the last answer
    auto bars = i == 0 ? std::vector<candle>{minute(t0 - 2min, 99), minute(t0 - 1min, 100)}
                       : std::vector<candle>{};
    self->send(store, atom::warmup_v, history->fetched[i].first, bars);
    sched.run();
  }
  CHECK(infos() == std::vector<std::string>{"warm-up done: 2 bars of history for 1 symbols"});
}

TEST_CASE_METHOD(store_fixture, "a failed history request is retried after the backoff") {
  first_tick();
  auto id = history->fetched[0].first;
  auto clock = t0 + 24h * 365; // the clock's time, not the market's
  self->send(store, atom::time_v, clock);
  // The exchange asks for 5 s, longer than the 2 s backoff: 5 s it is, in
  // the clock's time (a replay's clock drives it too).
  self->send(store, atom::warmup_v, id, std::string{"HTTP 429"}, timespan{5s});
  sched.run();
  CHECK_FALSE(sched.has_pending_timeout());
  self->send(store, atom::time_v, clock + 4999ms);
  sched.run();
  CHECK(history->fetched.size() == 6);
  self->send(store, atom::time_v, clock + 5s);
  sched.run();
  REQUIRE(history->fetched.size() == 7);
  CHECK(history->fetched[6].first == id);
  auto status = ask<status_report>(store, atom::status_v);
  CHECK(status.counters.at("history_errors") == 1);
}

TEST_CASE_METHOD(store_fixture, "repeated history failures are logged once with a count") {
  auto events = record_events();
  first_tick();
  auto id = history->fetched[5].first; // the 1d warm-up
  const std::string body(300, 'x');
  for (int i = 0; i < 57; ++i) {
    self->send(store, atom::warmup_v, id, "HTTP 503: " + body, timespan{});
    sched.run();
    sched.advance_time(8s);
    sched.run();
  }
  tick_batch later;
  later.ticks.push_back({"BTCUSDT", t0 + 90s, t0 + 1min, 101, 1});
  self->send(store, later);
  sched.run();
  auto warnings = test::warnings(*events);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].rfind("history BTCUSDT 1d failed: HTTP 503: xxx", 0) == 0);
  CHECK(warnings[1].rfind("history BTCUSDT 1d failed x57 in 60 s: HTTP 503: xxx", 0) == 0);
  for (auto& w : warnings)
    CHECK(w.size() < 200);
}
