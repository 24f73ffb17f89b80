#include "actors/market_listener/klines_fetch.hpp"
#include "actors/market_listener/market_listener_behavior.hpp"

#include "test/unit/caf_fixture.hpp"
#include "test/unit/market_actors/recording_sink.hpp"

using namespace tn;
using namespace std::chrono_literals;

namespace {

// Records what the listener asks of the exchange; the test plays the
// exchange's answers as messages.
struct fake_transport : market_transport {
  std::vector<std::pair<std::string, uint64_t>> opened;
  std::vector<bar_request> fetched;
  int closes = 0;
  void open_stream(const std::string& url, uint64_t conn, const market_listener_actor&) override {
    opened.emplace_back(url, conn);
  }
  void close_stream() override {
    ++closes;
  }
  void fetch_gap(const bar_request& req, const market_listener_actor&) override {
    fetched.push_back(req);
  }
};

const timestamp t0 = from_unix_ms(1752364800000);

tick_batch frame(timestamp open, bool closed, const std::string& symbol = "BTCUSDT") {
  tick_batch b;
  b.ticks.push_back({symbol, open + 30s, open, 100, 1});
  if (closed) {
    candle c;
    c.symbol = symbol;
    c.open_time = open;
    c.open = c.high = c.low = c.close = 100;
    c.closed = true;
    b.closed.push_back(c);
  }
  return b;
}

candle bar(timestamp open) {
  return frame(open, true).closed[0];
}

struct listener_fixture : test::caf_fixture {
  std::shared_ptr<fake_transport> exchange = std::make_shared<fake_transport>();
  test::received_batches got = std::make_shared<std::vector<tick_batch>>();
  market_listener_actor listener;

  explicit listener_fixture(std::vector<std::string> symbols = {"BTCUSDT"}) {
    node_config cfg;
    cfg.market.symbols = std::move(symbols);
    cfg.market.reconnect = {1s, 8s, 0.0};
    cfg.exchange.ws_url = "wss://127.0.0.1:9443";
    listener = sys.spawn(market_listener_behavior, cfg, std::shared_ptr<market_transport>{exchange},
                     uint64_t{1});
    auto sink = sys.spawn(test::record_batches, got);
    self->send(listener, atom::announce_v, std::string{"market_store"},
               caf::actor_cast<caf::strong_actor_ptr>(sink));
    sched.run();
  }

  // The clock's time, which drives the listener's reconnect and retry
  // timers (the market's data does not).
  timestamp clock = t0;

  /// A clock message at `ts` (the clock never runs backwards).
  void at(timestamp ts) {
    clock = std::max(clock, ts);
    self->send(listener, atom::time_v, clock);
    sched.run();
  }

  /// The clock moves on by `d`.
  void advance(timespan d) {
    at(clock + d);
  }

  std::vector<timestamp> closed_opens() const {
    std::vector<timestamp> r;
    for (auto& b : *got)
      for (auto& c : b.closed)
        r.push_back(c.open_time);
    return r;
  }
};

struct two_symbols : listener_fixture {
  two_symbols() : listener_fixture({"BTCUSDT", "ETHUSDT"}) {
  }
};

} // namespace

TEST_CASE_METHOD(listener_fixture, "the listener opens the combined stream and forwards frames") {
  REQUIRE(exchange->opened.size() == 1);
  CHECK(exchange->opened[0].first == "wss://127.0.0.1:9443/stream?streams=btcusdt@kline_1m");
  auto conn = exchange->opened[0].second;
  self->send(listener, atom::ws_open_v, conn);
  self->send(listener, atom::frame_v, conn, frame(t0, false));
  self->send(listener, atom::frame_v, conn, frame(t0, true));
  self->send(listener, atom::frame_v, conn, std::string{"kline: bad k.c"});
  sched.run();
  CHECK(got->size() == 2);
  CHECK(closed_opens() == std::vector<timestamp>{t0});
  auto stats = ask<feed_stats>(listener, atom::frame_v);
  CHECK(stats.frames == 3);
  CHECK(stats.malformed == 1);
}

TEST_CASE_METHOD(listener_fixture, "a dropped stream reconnects with backoff and fills the gap") {
  auto conn = exchange->opened[0].second;
  auto clock = t0 + 24h * 365; // the clock's time, not the market's
  self->send(listener, atom::time_v, clock);
  self->send(listener, atom::ws_open_v, conn);
  self->send(listener, atom::frame_v, conn, frame(t0, true));
  self->send(listener, atom::ws_closed_v, conn, std::string{"connection reset"});
  sched.run();
  // Initial backoff 1 s, no jitter, in the clock's time (a replay's clock
  // drives it too): nothing before, a new connection after.
  CHECK_FALSE(sched.has_pending_timeout());
  self->send(listener, atom::time_v, clock + 999ms);
  sched.run();
  CHECK(exchange->opened.size() == 1);
  self->send(listener, atom::time_v, clock + 1s);
  sched.run();
  REQUIRE(exchange->opened.size() == 2);
  auto conn2 = exchange->opened[1].second;
  CHECK(conn2 != conn);
  // A late frame of the old connection is ignored.
  self->send(listener, atom::frame_v, conn, frame(t0 + 1min, true));
  self->send(listener, atom::ws_open_v, conn2);
  self->send(listener, atom::frame_v, conn2, frame(t0 + 3min, false));
  sched.run();
  REQUIRE(exchange->fetched.size() == 1);
  CHECK(exchange->fetched[0].first == t0 + 1min);
  CHECK(exchange->fetched[0].last == t0 + 2min);
  // The fill fails once and is retried after the backoff.
  self->send(listener, atom::gap_fill_v, std::string{"BTCUSDT"}, std::string{"HTTP 503"},
             timespan{});
  sched.run();
  CHECK(exchange->fetched.size() == 1);
  self->send(listener, atom::time_v, clock + 2s);
  sched.run();
  REQUIRE(exchange->fetched.size() == 2);
  self->send(listener, atom::frame_v, conn2, frame(t0 + 3min, true));
  self->send(listener, atom::gap_fill_v, std::string{"BTCUSDT"},
             std::vector<candle>{bar(t0 + 1min), bar(t0 + 2min)});
  sched.run();
  CHECK(closed_opens() == std::vector<timestamp>{t0, t0 + 1min, t0 + 2min, t0 + 3min});
  auto stats = ask<feed_stats>(listener, atom::frame_v);
  CHECK(stats.reconnects == 1);
  CHECK(stats.gap_filled == 2);
  CHECK(stats.duplicates == 0);
}

TEST_CASE_METHOD(listener_fixture, "a restarted sink receives data under its new handle") {
  auto conn = exchange->opened[0].second;
  auto got2 = std::make_shared<std::vector<tick_batch>>();
  auto sink2 = sys.spawn(test::record_batches, got2);
  self->send(listener, atom::announce_v, std::string{"market_store"},
             caf::actor_cast<caf::strong_actor_ptr>(sink2));
  self->send(listener, atom::frame_v, conn, frame(t0, true));
  sched.run();
  CHECK(got->empty());
  CHECK(got2->size() == 1);
}

TEST_CASE_METHOD(listener_fixture, "a server that accepts and drops at once meets growing delays") {
  // Each connection opens and closes without data: the backoff must not
  // start over at every open.
  at(t0);
  for (auto wait : {1s, 2s, 4s, 8s, 8s}) {
    auto conn = exchange->opened.back().second;
    auto before = exchange->opened.size();
    self->send(listener, atom::ws_open_v, conn);
    self->send(listener, atom::ws_closed_v, conn, std::string{"closed by peer"});
    sched.run();
    advance(wait - 1ms);
    sched.run();
    INFO("expected delay " << wait.count() << " s");
    CHECK(exchange->opened.size() == before);
    advance(1ms);
    sched.run();
    REQUIRE(exchange->opened.size() == before + 1);
  }
}

TEST_CASE_METHOD(listener_fixture,
                 "a connection that delivered data for a minute resets the backoff") {
  at(t0);
  for (auto wait : {1s, 2s}) {
    auto conn = exchange->opened.back().second;
    self->send(listener, atom::ws_open_v, conn);
    self->send(listener, atom::ws_closed_v, conn, std::string{"closed by peer"});
    sched.run();
    advance(wait);
    sched.run();
  }
  auto conn = exchange->opened.back().second;
  self->send(listener, atom::ws_open_v, conn);
  self->send(listener, atom::frame_v, conn, frame(t0, false));
  sched.run();
  advance(61s);
  self->send(listener, atom::frame_v, conn, frame(t0 + 1min, false));
  self->send(listener, atom::ws_closed_v, conn, std::string{"closed by peer"});
  sched.run();
  auto before = exchange->opened.size();
  advance(1s);
  sched.run();
  CHECK(exchange->opened.size() == before + 1);
}

TEST_CASE_METHOD(listener_fixture, "a stream without data frames for idle_timeout is reconnected") {
  // The default idle timeout is 90 s; pings never reach the listener, so a
  // server that only answers pings looks exactly like this.
  auto conn = exchange->opened[0].second;
  at(t0);
  self->send(listener, atom::ws_open_v, conn);
  self->send(listener, atom::frame_v, conn, frame(t0, false));
  at(t0 + 89s);
  sched.run();
  CHECK(exchange->closes == 0);
  at(t0 + 90s);
  sched.run();
  CHECK(exchange->closes == 1);
  advance(1s);
  sched.run();
  REQUIRE(exchange->opened.size() == 2);
  // A late close of the dead connection does not schedule a second one.
  self->send(listener, atom::ws_closed_v, conn, std::string{"closed"});
  sched.run();
  advance(10s);
  sched.run();
  CHECK(exchange->opened.size() == 2);
}

TEST_CASE_METHOD(two_symbols, "each symbol's gap fill retries on a backoff of its own") {
  at(t0);
  auto conn = exchange->opened[0].second;
  self->send(listener, atom::ws_open_v, conn);
  for (auto open : {t0, t0 + 5min}) {
    self->send(listener, atom::frame_v, conn, frame(open, false));
    self->send(listener, atom::frame_v, conn, frame(open, false, "ETHUSDT"));
  }
  sched.run();
  REQUIRE(exchange->fetched.size() == 2);
  auto fail = [&](const char* symbol) {
    self->send(listener, atom::gap_fill_v, std::string{symbol}, std::string{"HTTP 503"},
               timespan{});
    sched.run();
  };
  // BTCUSDT fails twice: its retries wait 1 s, then 2 s.
  fail("BTCUSDT");
  advance(1s);
  sched.run();
  fail("BTCUSDT");
  advance(2s);
  sched.run();
  REQUIRE(exchange->fetched.size() == 4);
  // ETHUSDT's first failure waits the initial 1 s, not BTCUSDT's next 4 s.
  fail("ETHUSDT");
  advance(1s);
  sched.run();
  REQUIRE(exchange->fetched.size() == 5);
  CHECK(exchange->fetched[4].symbol == "ETHUSDT");
}

TEST_CASE_METHOD(listener_fixture,
                 "a thousand malformed frames make two lines a minute, not a thousand") {
  auto events = std::make_shared<std::vector<event>>();
  auto log = sys.spawn(test::record_events, events);
  self->send(listener, atom::announce_v, std::string{"event_log"},
             caf::actor_cast<caf::strong_actor_ptr>(log));
  auto conn = exchange->opened[0].second;
  self->send(listener, atom::time_v, t0);
  self->send(listener, atom::ws_open_v, conn);
  for (int i = 0; i < 1000; ++i)
    self->send(listener, atom::frame_v, conn, std::string{"kline: bad k.c"});
  self->send(listener, atom::time_v, t0 + 60s);
  sched.run();
  auto warnings = test::warnings(*events);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] == "malformed frame skipped: kline: bad k.c");
  CHECK(warnings[1] == "malformed frame skipped x1000 in 60 s: kline: bad k.c");
  CHECK(ask<feed_stats>(listener, atom::frame_v).malformed == 1000);
}

TEST_CASE("Retry-After headers are read as seconds; anything else means no wait") {
  CHECK(retry_after("120") == timespan{120s});
  CHECK(retry_after("0") == timespan{});
  CHECK(retry_after("") == timespan{});
  CHECK(retry_after("soon") == timespan{});
  CHECK(retry_after("-5") == timespan{});
  CHECK(retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == timespan{});
}
