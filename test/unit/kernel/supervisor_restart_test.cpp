#include "supervisor_fixture.hpp"

using tn::test::supervisor_fixture;
using namespace std::chrono_literals;

TEST_CASE_METHOD(supervisor_fixture, "supervisor starts services in order and announces peers") {
  start_abc();
  CHECK(journal->started == std::vector<std::string>{"a", "b", "c"});
  auto a = current("a");
  auto b = current("b");
  CHECK(journal->last_announced("b", "a") == a.address());
  CHECK(journal->last_announced("c", "a") == a.address());
  CHECK(journal->last_announced("c", "b") == b.address());
  CHECK(journal->last_announced("c", "supervisor") == caf::actor_cast<caf::actor_addr>(sup));
  CHECK(journal->announced.size() == 4);
  CHECK_FALSE(current("nope"));
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor restarts a failed service after the backoff") {
  start_abc();
  auto old = current("b");
  fail("b");
  CHECK_FALSE(current("b"));
  CHECK(sched.advance_time(99ms) == 0);
  sched.run();
  CHECK(journal->starts_of("b") == 1);
  CHECK(sched.advance_time(1ms) == 1);
  sched.run();
  CHECK(journal->starts_of("b") == 2);
  auto fresh = current("b");
  REQUIRE(fresh);
  CHECK(fresh != old);
  CHECK(journal->starts_of("a") == 1);
  CHECK(journal->starts_of("c") == 1);
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor doubles the backoff up to its maximum") {
  node.supervisor.max_restarts = 10;
  node.supervisor.backoff.max = 300ms;
  start_abc();
  for (auto delay : {100ms, 200ms, 300ms, 300ms}) {
    INFO("backoff " << delay.count() << "ms");
    auto starts = journal->starts_of("a");
    fail("a");
    CHECK(sched.advance_time(delay - 1ms) == 0);
    sched.run();
    CHECK(journal->starts_of("a") == starts);
    CHECK(sched.advance_time(1ms) == 1);
    sched.run();
    CHECK(journal->starts_of("a") == starts + 1);
  }
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor hands the new handle to every peer") {
  start_abc();
  fail("a");
  sched.advance_time(100ms);
  sched.run();
  auto a = current("a");
  REQUIRE(a);
  // b and c list a: both learn its new handle.
  CHECK(journal->last_announced("b", "a") == a.address());
  CHECK(journal->last_announced("c", "a") == a.address());
  fail("c");
  sched.advance_time(100ms);
  sched.run();
  // The restarted c gets its peers again.
  CHECK(journal->last_announced("c", "a") == a.address());
  CHECK(journal->last_announced("c", "b") == current("b").address());
  CHECK(std::count_if(journal->announced.begin(), journal->announced.end(),
                      [](auto& x) { return x.receiver == "c" && x.peer == "supervisor"; })
        == 2);
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor ignores a stale backoff timer") {
  start_abc();
  fail("b"); // generation 1, restart due at +100ms
  self->send(sup, tn::atom::restart_v, std::string{"b"}, uint64_t{1});
  sched.run();
  CHECK(journal->starts_of("b") == 2);
  fail("b"); // generation 2, second failure: restart due at +200ms
  CHECK(sched.advance_time(100ms) == 1); // generation 1's timer: ignored
  sched.run();
  CHECK(journal->starts_of("b") == 2);
  CHECK(sched.advance_time(100ms) == 1);
  sched.run();
  CHECK(journal->starts_of("b") == 3);
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor restarts a service on request") {
  start_abc();
  auto old = current("c");
  self->send(sup, tn::atom::restart_v, std::string{"c"});
  sched.run();
  CHECK_FALSE(current("c"));
  sched.advance_time(100ms);
  sched.run();
  CHECK(journal->starts_of("c") == 2);
  CHECK(current("c") != old);
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor does not restart a service that stopped normally") {
  start_abc();
  self->send(current("b"), tn::atom::stop_v); // b quits normally
  sched.run();
  CHECK_FALSE(current("b"));
  CHECK_FALSE(sched.has_pending_timeout());
  CHECK(journal->starts_of("b") == 1);
  CHECK_FALSE(down_reason());
}
