#include "actors/market_listener/stream_health.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1752364800000);

} // namespace

TEST_CASE("a connection without data for the idle timeout is idle") {
  stream_health h{90s, 1min};
  CHECK_FALSE(h.idle(t0)); // not open
  h.on_open(t0);
  CHECK_FALSE(h.idle(t0 + 89s));
  CHECK(h.idle(t0 + 90s));
  h.on_data(t0 + 90s);
  CHECK_FALSE(h.idle(t0 + 179s));
  h.on_close();
  CHECK_FALSE(h.idle(t0 + 1h));
}

TEST_CASE("an open before the first known time counts from that time") {
  stream_health h{90s, 1min};
  h.on_open(timestamp{});
  CHECK_FALSE(h.idle(t0));
  CHECK(h.idle(t0 + 90s));
}

TEST_CASE("only data over a minute earns a backoff reset, once per connection") {
  stream_health h{90s, 1min};
  h.on_open(t0);
  CHECK_FALSE(h.on_data(t0 + 1s));
  CHECK_FALSE(h.on_data(t0 + 60s));
  CHECK(h.on_data(t0 + 61s));
  CHECK_FALSE(h.on_data(t0 + 200s));
  h.on_open(t0 + 300s);
  CHECK_FALSE(h.on_data(t0 + 300s));
  CHECK(h.on_data(t0 + 360s));
}
