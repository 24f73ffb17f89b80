// The exchange's clock as the binance broker measures it: at start, then
// every time_sync of event time, a failure tried again, and the offset from
// the midpoint of the request.

#include "actors/broker/binance_clock.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = timestamp{} + 1000h;

} // namespace

TEST_CASE("exchange clock: measured at start, then every interval of event time") {
  exchange_clock c;
  CHECK(c.due(t0));
  CHECK_FALSE(c.settled());
  c.started(t0);
  CHECK_FALSE(c.due(t0 + 1s)); // one measurement at a time
  // Sent at 1000, answered at 1100 of the signing clock; the server said 61050.
  CHECK(c.measured(t0 + 1s, 1000, 61050, 1100, 1h) == 60000);
  CHECK(c.offset_ms() == 60000);
  CHECK(c.settled());
  CHECK(c.measured_once());
  CHECK_FALSE(c.due(t0 + 1s + 59min));
  CHECK(c.due(t0 + 1s + 1h));
  c.started(t0 + 1s + 1h);
  // The offset moved back by 200 ms.
  CHECK(c.measured(t0 + 2h, 5000, 64800, 5000, 1h) == -200);
  CHECK(c.offset_ms() == 59800);
}

TEST_CASE("exchange clock: a failure settles the start and is tried again") {
  exchange_clock c;
  c.started(t0);
  c.failed(t0, 30s);
  CHECK(c.settled()); // signed requests may go; a -1021 measures it then
  CHECK_FALSE(c.measured_once());
  CHECK(c.offset_ms() == 0);
  CHECK_FALSE(c.due(t0 + 29s));
  CHECK(c.due(t0 + 30s));
}

TEST_CASE("exchange clock: time_sync zero measures only at start") {
  exchange_clock c;
  c.started(t0);
  c.measured(t0, 0, 10, 0, timespan{});
  CHECK_FALSE(c.due(t0 + 1000h));
}
