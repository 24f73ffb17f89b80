// The bridge between calls finishing on foreign threads and the driver's
// thread: every delivery runs once, on the driver's thread.

#include "runtime/external_calls.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

using namespace tn;
using namespace std::chrono_literals;

TEST_CASE("external calls: an idle bridge has nothing pending and times out") {
  external_calls bridge;
  CHECK(bridge.pending() == 0);
  CHECK_FALSE(bridge.run_one(1ms));
}

TEST_CASE("external calls: a call is pending from begin until its delivery ran") {
  external_calls bridge;
  bridge.begin();
  CHECK(bridge.pending() == 1);
  int delivered = 0;
  bridge.complete([&] { ++delivered; });
  CHECK(bridge.pending() == 1);
  CHECK(bridge.ready() == 1);
  CHECK(delivered == 0); // complete() only posts
  REQUIRE(bridge.run_one(0ms));
  CHECK(delivered == 1);
  CHECK(bridge.pending() == 0);
  CHECK_FALSE(bridge.run_one(0ms));
}

TEST_CASE("external calls: threads post, the driver runs every delivery on its own thread") {
  constexpr int threads = 4;
  constexpr int per_thread = 50;
  external_calls bridge;
  for (int i = 0; i < threads * per_thread; ++i)
    bridge.begin();
  auto driver = std::this_thread::get_id();
  std::vector<int> seen(threads * per_thread, 0);
  int wrong_thread = 0;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        auto n = t * per_thread + i;
        bridge.complete([&, n] {
          ++seen[n];
          if (std::this_thread::get_id() != driver)
            ++wrong_thread;
        });
      }
    });
  // The driver: while calls are pending, wait for the next delivery.
  while (bridge.pending() > 0)
    REQUIRE(bridge.run_one(30s));
  for (auto& w : workers)
    w.join();
  CHECK(wrong_thread == 0);
  CHECK(std::count(seen.begin(), seen.end(), 1) == threads * per_thread);
  CHECK(bridge.ready() == 0);
}
