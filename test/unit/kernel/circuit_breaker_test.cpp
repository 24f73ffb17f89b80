#include "runtime/circuit_breaker.hpp"

#include <catch2/catch.hpp>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1'700'000'000'000);

/// A breaker opened by three failures at t0.
circuit_breaker opened() {
  circuit_breaker b{3, 15min};
  for (int i = 0; i < 3; ++i) {
    REQUIRE(b.acquire(t0) == breaker_permit::call);
    b.record(t0, breaker_outcome::failure, "HTTP 500");
  }
  REQUIRE(b.status().state == breaker_state::open);
  return b;
}

} // namespace

TEST_CASE("breaker: closed until the third consecutive failure") {
  circuit_breaker b{3, 15min};
  CHECK(b.acquire(t0) == breaker_permit::call);
  CHECK_FALSE(b.record(t0, breaker_outcome::failure, "timeout"));
  CHECK_FALSE(b.record(t0, breaker_outcome::failure, "timeout"));
  CHECK(b.status().consecutive_failures == 2);
  CHECK(b.status().state == breaker_state::closed);
  CHECK(b.record(t0, breaker_outcome::failure, "HTTP 529"));
  CHECK(b.status().state == breaker_state::open);
  CHECK(b.status().next_probe == t0 + 15min);
  CHECK(b.status().times_opened == 1);
  CHECK(b.status().last_error == "HTTP 529");
}

TEST_CASE("breaker: a success resets the count of consecutive failures") {
  circuit_breaker b{3, 15min};
  b.record(t0, breaker_outcome::failure, "x");
  b.record(t0, breaker_outcome::failure, "x");
  b.record(t0, breaker_outcome::success, "");
  CHECK(b.status().consecutive_failures == 0);
  b.record(t0, breaker_outcome::failure, "x");
  b.record(t0, breaker_outcome::failure, "x");
  CHECK(b.status().state == breaker_state::closed);
}

TEST_CASE("breaker: open refuses until 15 minutes of event time have passed") {
  auto b = opened();
  CHECK(b.acquire(t0 + 1min) == breaker_permit::refuse);
  CHECK(b.acquire(t0 + 15min - 1ms) == breaker_permit::refuse);
  CHECK(b.status().state == breaker_state::open);
}

TEST_CASE("breaker: half-open after 15 minutes gives exactly one probe") {
  auto b = opened();
  CHECK(b.advance(t0 + 15min));
  CHECK(b.status().state == breaker_state::half_open);
  CHECK(b.acquire(t0 + 15min) == breaker_permit::probe);
  CHECK(b.acquire(t0 + 15min + 1s) == breaker_permit::refuse);
  CHECK(b.acquire(t0 + 16min) == breaker_permit::refuse);
}

TEST_CASE("breaker: a successful probe closes it") {
  auto b = opened();
  REQUIRE(b.acquire(t0 + 20min) == breaker_permit::probe);
  CHECK(b.record(t0 + 20min, breaker_outcome::success, ""));
  CHECK(b.status().state == breaker_state::closed);
  CHECK(b.status().consecutive_failures == 0);
  CHECK(b.acquire(t0 + 20min) == breaker_permit::call);
}

TEST_CASE("breaker: a failed probe opens it for another period, never for good") {
  auto b = opened();
  auto t = t0;
  for (int round = 1; round <= 5; ++round) {
    t += 15min;
    REQUIRE(b.acquire(t) == breaker_permit::probe);
    CHECK(b.record(t, breaker_outcome::failure, "still down"));
    CHECK(b.status().state == breaker_state::open);
    CHECK(b.status().next_probe == t + 15min);
    CHECK(b.status().times_opened == 1u + static_cast<unsigned>(round));
  }
  t += 15min;
  REQUIRE(b.acquire(t) == breaker_permit::probe);
  b.record(t, breaker_outcome::success, "");
  CHECK(b.status().state == breaker_state::closed);
}

TEST_CASE("breaker: a probe that never reports back counts as failed after a period") {
  auto b = opened();
  REQUIRE(b.acquire(t0 + 15min) == breaker_permit::probe);
  CHECK(b.acquire(t0 + 29min) == breaker_permit::refuse);
  CHECK(b.advance(t0 + 30min));
  CHECK(b.status().state == breaker_state::open);
  CHECK(b.status().last_error == "the probe did not report back");
  // ... and the next period ends in a new probe.
  CHECK(b.acquire(t0 + 45min) == breaker_permit::probe);
}

TEST_CASE("breaker: outcomes of calls permitted before it opened change nothing") {
  auto b = opened();
  CHECK_FALSE(b.record(t0 + 1min, breaker_outcome::success, ""));
  CHECK(b.status().state == breaker_state::open);
  b.advance(t0 + 15min);
  // Half-open, but the probe has not been handed out: a late outcome is not it.
  CHECK_FALSE(b.record(t0 + 15min, breaker_outcome::success, ""));
  CHECK(b.status().state == breaker_state::half_open);
  CHECK(b.acquire(t0 + 15min) == breaker_permit::probe);
}

TEST_CASE("breaker: describe names state, failures and next probe") {
  auto b = opened();
  auto text = b.describe();
  CHECK_THAT(text, Catch::Contains("open"));
  CHECK_THAT(text, Catch::Contains("consecutive failures 3"));
  CHECK_THAT(text, Catch::Contains("next probe"));
  CHECK_THAT(text, Catch::Contains("HTTP 500"));
}

TEST_CASE("breaker: a probe that made no call frees the permit for the next call") {
  auto b = opened();
  REQUIRE(b.acquire(t0 + 15min) == breaker_permit::probe);
  CHECK(b.record(t0 + 15min, breaker_outcome::untested, "budget_exhausted"));
  CHECK(b.status().state == breaker_state::half_open);
  CHECK(b.acquire(t0 + 16min) == breaker_permit::probe);
  // Untested outcomes outside a probe change nothing.
  CHECK_FALSE(circuit_breaker{3, 15min}.record(t0, breaker_outcome::untested, "no backend"));
}
