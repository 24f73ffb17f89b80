#include "supervisor_fixture.hpp"

#include "messages/supervision.hpp"

#include <set>

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
  // The backoff is a deadline in event time, not a CAF timer: wall time
  // alone restarts nothing.
  CHECK_FALSE(sched.has_pending_timeout());
  send_time(t0 + 99ms);
  CHECK(journal->starts_of("b") == 1);
  send_time(t0 + 100ms);
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
  auto now = t0;
  for (auto delay : {100ms, 200ms, 300ms, 300ms}) {
    INFO("backoff " << delay.count() << "ms");
    auto starts = journal->starts_of("a");
    fail("a");
    send_time(now + delay - 1ms);
    CHECK(journal->starts_of("a") == starts);
    send_time(now += delay);
    CHECK(journal->starts_of("a") == starts + 1);
  }
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor hands the new handle to every peer") {
  start_abc();
  fail("a");
  send_time(t0 + 100ms);
  auto a = current("a");
  REQUIRE(a);
  // b and c list a: both learn its new handle.
  CHECK(journal->last_announced("b", "a") == a.address());
  CHECK(journal->last_announced("c", "a") == a.address());
  fail("c");
  send_time(t0 + 200ms);
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
  send_time(t0 + 100ms); // generation 1's timer: ignored
  CHECK(journal->starts_of("b") == 2);
  send_time(t0 + 200ms);
  CHECK(journal->starts_of("b") == 3);
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor restarts a service on request, at once") {
  start_abc();
  auto old = current("c");
  self->send(sup, tn::atom::restart_v, std::string{"c"});
  sched.run();
  CHECK(journal->starts_of("c") == 2);
  REQUIRE(current("c"));
  CHECK(current("c") != old);
}

TEST_CASE_METHOD(supervisor_fixture, "requested restarts are not failures") {
  node.supervisor.max_restarts = 1;
  start_abc();
  for (int i = 0; i < 5; ++i) {
    self->send(sup, tn::atom::restart_v, std::string{"c"});
    sched.run();
  }
  CHECK(journal->starts_of("c") == 6);
  CHECK_FALSE(down_reason());
  auto rows = ask<std::vector<tn::service_row>>(sup, tn::atom::actors_v);
  CHECK(rows[2].restarts == 5);
  CHECK(rows[2].last_error.empty());
  // A real failure still gets the first backoff: none of the five counted.
  fail("c");
  send_time(t0 + 100ms);
  CHECK(journal->starts_of("c") == 7);
  CHECK_FALSE(down_reason());
}

TEST_CASE_METHOD(supervisor_fixture, "a service that ends normally without being asked is restarted") {
  start_abc();
  self->send(current("b"), tn::atom::stop_v); // b quits normally
  sched.run();
  CHECK_FALSE(current("b"));
  send_time(t0 + 100ms);
  CHECK(journal->starts_of("b") == 2);
  CHECK(current("b"));
  CHECK_FALSE(down_reason());
  auto rows = ask<std::vector<tn::service_row>>(sup, tn::atom::actors_v);
  CHECK(rows[1].last_error.find("b ended without being asked") != std::string::npos);
}

TEST_CASE_METHOD(supervisor_fixture, "a service whose policy is stop-node stops the node") {
  node.supervisor.policy["b"] = tn::failure_policy::stop_node;
  start_abc();
  fail("b");
  auto reason = down_reason();
  REQUIRE(reason);
  CHECK(*reason == tn::ec::restart_limit);
  CHECK(sys.render(*reason).find("its policy is stop-node") != std::string::npos);
  CHECK(journal->starts_of("b") == 1);
  CHECK(journal->stopped == std::vector<std::string>{"b", "c", "a"});
}

TEST_CASE_METHOD(supervisor_fixture, "a policy for an unknown service is refused at start") {
  node.supervisor.policy["nope"] = tn::failure_policy::restart;
  start_abc();
  CHECK(journal->started.empty());
  auto reason = down_reason();
  REQUIRE(reason);
  CHECK(sys.render(*reason)
        == "tradenode::invalid_config(\"supervisor.policy.nope: no such service (services: a, b, c)\")");
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor applies the configured jitter to the backoff") {
  node.supervisor.max_restarts = 100;
  node.supervisor.backoff.initial = 1s;
  node.supervisor.backoff.max = 1s;
  node.supervisor.backoff.jitter = 0.5;
  start_abc();
  // Each restart comes within [500ms, 1s] of its failure, and not always
  // at the same delay.
  std::set<tn::timespan> delays;
  auto now = t0;
  for (int i = 0; i < 8; ++i) {
    auto starts = journal->starts_of("a");
    fail("a");
    send_time(now + 499ms);
    CHECK(journal->starts_of("a") == starts);
    auto step = 500ms;
    while (journal->starts_of("a") == starts && step <= 1s) {
      send_time(now + step);
      step += 10ms;
    }
    CHECK(journal->starts_of("a") == starts + 1);
    delays.insert(step);
    now += 1s;
    send_time(now);
  }
  CHECK(delays.size() > 1);
}

TEST_CASE_METHOD(supervisor_fixture, "the clock is restarted at once: backoffs are measured in its time") {
  auto clock = tn::test::mock_spec(journal, "clock");
  clock.time_source = true;
  start({clock, tn::test::mock_spec(journal, "a")});
  fail("clock");
  CHECK(journal->starts_of("clock") == 2);
  CHECK(current("clock"));
}

TEST_CASE_METHOD(supervisor_fixture, "position protection stops last, after everything it does not need") {
  node.supervisor.max_restarts = 0;
  auto tracker = tn::test::mock_spec(journal, "tracker", {"feed"});
  tracker.protects_positions = true;
  start({tn::test::mock_spec(journal, "journal"), tn::test::mock_spec(journal, "feed"),
         tn::test::mock_spec(journal, "trader"), tracker, tn::test::mock_spec(journal, "gate")});
  fail("trader"); // gives up at once
  REQUIRE(down_reason());
  CHECK(journal->stopped
        == std::vector<std::string>{"trader", "gate", "journal", "tracker", "feed"});
}
