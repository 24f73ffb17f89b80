#include "runtime/net/io_thread.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>

using namespace std::chrono_literals;
using tn::net::io_thread;

TEST_CASE("io_thread runs posted work on its own thread") {
  io_thread io;
  CHECK_FALSE(io.on_io_thread());
  std::promise<bool> ran;
  io.post([&] { ran.set_value(io.on_io_thread()); });
  auto f = ran.get_future();
  REQUIRE(f.wait_for(20s) == std::future_status::ready);
  CHECK(f.get());
}

TEST_CASE("io_thread timers fire in deadline order") {
  io_thread io;
  std::atomic<int> step{0};
  std::promise<std::pair<int, int>> seen;
  std::atomic<int> first{-1};
  io.after(50ms, [&] {
    auto second = step++;
    seen.set_value({first.load(), second});
  });
  io.after(1ms, [&] { first = step++; });
  auto f = seen.get_future();
  REQUIRE(f.wait_for(20s) == std::future_status::ready);
  CHECK(f.get() == std::pair<int, int>{0, 1});
}

TEST_CASE("io_thread stop is idempotent and drops pending timers") {
  std::atomic<bool> fired{false};
  io_thread io{2};
  io.after(std::chrono::hours{1}, [&] { fired = true; });
  io.stop();
  io.stop();
  CHECK_FALSE(fired);
}
