#include "runtime/watchdog.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

namespace {

const auto t0 = tn::timestamp{} + 1000h;

} // namespace

TEST_CASE("watchdog fires once after the silence limit, counted from the first time") {
  tn::watchdog w{5min};
  CHECK_FALSE(w.on_time(t0));
  CHECK_FALSE(w.on_time(t0 + 4min + 59s));
  auto fired = w.on_time(t0 + 5min);
  REQUIRE(fired);
  CHECK(*fired == 5min);
  CHECK_FALSE(w.on_time(t0 + 6min));
  CHECK_FALSE(w.on_time(t0 + 60min));
  CHECK(w.warnings() == 1);
}

TEST_CASE("watchdog re-arms when data resumes") {
  tn::watchdog w{5min};
  w.on_time(t0);
  CHECK(w.on_time(t0 + 7min));
  auto resumed = w.on_data(t0 + 8min);
  REQUIRE(resumed);
  CHECK(*resumed == 8min);
  CHECK_FALSE(w.on_time(t0 + 12min + 59s));
  auto again = w.on_time(t0 + 13min);
  REQUIRE(again);
  CHECK(*again == 5min);
  CHECK(w.warnings() == 2);
}

TEST_CASE("watchdog stays quiet while data keeps arriving") {
  tn::watchdog w{5min};
  w.on_time(t0);
  for (int i = 1; i <= 30; ++i) {
    auto now = t0 + i * 1min;
    CHECK_FALSE(w.on_data(now)); // no warning was raised, nothing resumed
    CHECK_FALSE(w.on_time(now + 30s));
  }
  CHECK(w.warnings() == 0);
}
