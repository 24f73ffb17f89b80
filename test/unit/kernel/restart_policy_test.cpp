#include "runtime/restart_policy.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace std::chrono_literals;

namespace {

const auto t0 = tn::timestamp{} + 1000h;

} // namespace

TEST_CASE("restart_policy doubles the backoff per failure in the window, up to max") {
  tn::restart_policy policy{10, 60s, 100ms, 1s};
  std::vector<tn::timespan> delays;
  for (int i = 0; i < 6; ++i)
    delays.push_back(policy.on_failure(t0 + i * 1s).delay);
  CHECK(delays == std::vector<tn::timespan>{100ms, 200ms, 400ms, 800ms, 1s, 1s});
}

TEST_CASE("restart_policy gives up on more than max_restarts failures within the window") {
  tn::restart_policy policy{3, 60s, 100ms, 1s};
  for (int i = 0; i < 3; ++i) {
    auto d = policy.on_failure(t0 + i * 10s);
    CHECK_FALSE(d.give_up);
    CHECK(d.failures == static_cast<size_t>(i + 1));
  }
  auto last = policy.on_failure(t0 + 59s);
  CHECK(last.give_up);
  CHECK(last.failures == 4);
}

TEST_CASE("restart_policy forgets failures once they are a window old") {
  tn::restart_policy policy{2, 60s, 100ms, 10s};
  policy.on_failure(t0);
  policy.on_failure(t0 + 30s);
  CHECK(policy.failures_within(t0 + 59s) == 2);
  CHECK(policy.failures_within(t0 + 60s) == 1);
  // The first failure slid out: this is the second within the window, so no
  // give-up, and the backoff is the second step again.
  auto d = policy.on_failure(t0 + 61s);
  CHECK_FALSE(d.give_up);
  CHECK(d.failures == 2);
  CHECK(d.delay == 200ms);
  auto quiet = policy.on_failure(t0 + 200s);
  CHECK(quiet.failures == 1);
  CHECK(quiet.delay == 100ms);
}

TEST_CASE("restart_policy with max_restarts 0 gives up on the first failure") {
  tn::restart_policy policy{0, 60s, 100ms, 1s};
  CHECK(policy.on_failure(t0).give_up);
}

TEST_CASE("restart_policy never overflows with a huge cap") {
  tn::restart_policy policy{1000, 10000h, 1ms, tn::timespan::max()};
  tn::timespan last{};
  for (int i = 0; i < 200; ++i) {
    auto d = policy.on_failure(t0);
    CHECK(d.delay >= last);
    last = d.delay;
  }
}

TEST_CASE("service states have names") {
  CHECK(std::string{to_string(tn::service_state::up)} == "up");
  CHECK(std::string{to_string(tn::service_state::restarting)} == "restarting");
  CHECK(std::string{to_string(tn::service_state::stopped)} == "stopped");
}

TEST_CASE("restart_policy draws each delay within the configured jitter") {
  tn::restart_policy policy{100, 1h, 1s, 1s, 0.5, 42};
  std::set<tn::timespan> seen;
  for (int i = 0; i < 50; ++i) {
    auto d = policy.on_failure(t0 + i * 1s).delay;
    CHECK(d >= 500ms);
    CHECK(d <= 1s);
    seen.insert(d);
  }
  CHECK(seen.size() > 10); // jittered, not the same delay every time
  // The same seed gives the same delays.
  tn::restart_policy a{100, 1h, 1s, 1s, 0.5, 7};
  tn::restart_policy b{100, 1h, 1s, 1s, 0.5, 7};
  for (int i = 0; i < 5; ++i)
    CHECK(a.on_failure(t0 + i * 1s).delay == b.on_failure(t0 + i * 1s).delay);
}
