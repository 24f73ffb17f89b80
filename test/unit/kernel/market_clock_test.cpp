#include "runtime/deadline_queue.hpp"
#include "runtime/market_clock.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp market = from_unix_ms(1'752'364'800'000); // 2025-07-13 00:00 UTC

} // namespace

TEST_CASE("market clock: no time before the first market data") {
  market_clock c;
  CHECK_FALSE(c.on_beat(market + 24h * 500));
  CHECK_FALSE(c.now());
  CHECK(c.on_data(market) == market);
}

TEST_CASE("market clock: beats carry a silent market on by the time they passed") {
  for (tn::timespan offset : {tn::timespan{-5s}, tn::timespan{0s}, tn::timespan{3s},
                              tn::timespan{24h * 500}}) { // skew, or a replay of the past
    INFO("clock offset " << offset.count() << " ns");
    market_clock c;
    c.on_data(market);
    CHECK(c.on_beat(market + offset) == market);
    CHECK(c.on_beat(market + offset + 1s) == market + 1s);
    CHECK(c.on_data(market + 500ms) == market + 1s); // never backwards
    // The market spoke since the last beat: its time is the reference again.
    CHECK(c.on_data(market + 2s) == market + 2s);
    CHECK(c.on_beat(market + offset + 2s) == market + 2s);
    CHECK(c.on_beat(market + offset + 62s) == market + 62s);
  }
}

TEST_CASE("market clock: a clock stepping back does not move time back") {
  market_clock c;
  c.on_data(market);
  c.on_beat(market + 10s);
  CHECK(c.on_beat(market + 15s) == market + 5s);
  CHECK(c.on_beat(market + 12s) == market + 5s);
  CHECK(c.now() == market + 5s);
}

TEST_CASE("deadline queue: due items in deadline order, ties in arming order") {
  deadline_queue<std::string> q;
  q.arm(market + 2s, "c");
  q.arm(market + 1s, "a");
  q.arm(market + 1s, "b");
  CHECK(q.take_due(market).empty());
  CHECK(q.take_due(market + 1s) == std::vector<std::string>{"a", "b"});
  CHECK(q.size() == 1);
  CHECK(q.take_due(market + 1h) == std::vector<std::string>{"c"});
}
