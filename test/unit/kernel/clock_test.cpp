#include "runtime/clock.hpp"
#include "runtime/periodic.hpp"
#include "runtime/time_format.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

TEST_CASE("replay_clock moves forward only") {
  auto t0 = tn::timestamp{} + 1000h;
  tn::replay_clock clk{t0};
  CHECK(clk.now() == t0);
  CHECK(clk.advance_to(t0 + 5s));
  CHECK(clk.now() == t0 + 5s);
  CHECK(clk.advance_to(t0 + 5s)); // standing still is fine
  CHECK_FALSE(clk.advance_to(t0 + 4s));
  CHECK(clk.now() == t0 + 5s);
}

TEST_CASE("wall_clock reads the system time") {
  tn::wall_clock clk;
  const tn::clock& base = clk;
  auto a = base.now();
  CHECK(a > tn::from_unix_ms(1'700'000'000'000)); // after November 2023
  CHECK(base.now() >= a);
}

TEST_CASE("format_timestamp writes ISO 8601 UTC with milliseconds") {
  CHECK(tn::format_timestamp(tn::from_unix_ms(0)) == "1970-01-01T00:00:00.000Z");
  CHECK(tn::format_timestamp(tn::from_unix_ms(1'752'964'496'789)) == "2025-07-19T22:34:56.789Z");
  CHECK(tn::format_timestamp(tn::from_unix_ms(-1)) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("periodic is due at the first time, then once per interval") {
  auto t0 = tn::timestamp{} + 1000h;
  tn::periodic p{30s};
  CHECK(p.due(t0));
  CHECK_FALSE(p.due(t0));
  CHECK_FALSE(p.due(t0 + 29s));
  CHECK(p.due(t0 + 30s));
  CHECK_FALSE(p.due(t0 + 59s));
  CHECK(p.due(t0 + 95s)); // late: due once, not once per missed interval
  CHECK_FALSE(p.due(t0 + 120s));
  CHECK(p.due(t0 + 125s));
}
