#include "supervisor_fixture.hpp"

#include "runtime/error_text.hpp"
#include "runtime/event_log_actor.hpp"

using tn::test::supervisor_fixture;
using namespace std::chrono_literals;

namespace {

std::string render_down(supervisor_fixture& f) {
  auto reason = f.down_reason();
  REQUIRE(reason);
  return f.sys.render(*reason);
}

} // namespace

TEST_CASE_METHOD(supervisor_fixture, "supervisor gives up after max_restarts failures in the window") {
  node.supervisor.max_restarts = 2;
  start_abc();
  fail("b");
  send_time(t0 + 10s);
  fail("b");
  send_time(t0 + 20s);
  CHECK(journal->starts_of("b") == 3);
  CHECK_FALSE(down_reason());
  fail("b");
  auto reason = down_reason();
  REQUIRE(reason);
  CHECK(*reason == tn::ec::restart_limit);
  CHECK(tn::error_text(*reason) == "b failed 3 times within 1m: boom");
  // b's three failures, then the rest in reverse start order.
  CHECK(journal->stopped == std::vector<std::string>{"b", "b", "b", "c", "a"});
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor's failure window slides with event time") {
  node.supervisor.max_restarts = 2;
  start_abc();
  fail("b");
  send_time(t0 + 100ms);
  send_time(t0 + 30s);
  fail("b");
  send_time(t0 + 30s + 200ms);
  // The first failure is a window old: this is the second within the window
  // (no give-up), so the backoff is 200ms, not 400ms.
  send_time(t0 + 60s);
  fail("b");
  CHECK_FALSE(down_reason());
  send_time(t0 + 60s + 199ms);
  CHECK(journal->starts_of("b") == 3);
  send_time(t0 + 60s + 200ms);
  sched.run();
  CHECK(journal->starts_of("b") == 4);
}

TEST_CASE_METHOD(supervisor_fixture, "stop stops services in reverse start order, then quits") {
  start_abc();
  self->send(sup, tn::atom::stop_v);
  self->send(sup, tn::atom::stop_v); // a second stop changes nothing
  sched.run();
  CHECK(journal->stopped == std::vector<std::string>{"c", "b", "a"});
  auto reason = down_reason();
  REQUIRE(reason);
  CHECK_FALSE(*reason);
}

TEST_CASE_METHOD(supervisor_fixture, "stop waits for each service before stopping the next") {
  start_abc();
  self->send(sup, tn::atom::stop_v);
  sched.run_once(); // the supervisor handles stop: only c is asked to exit
  CHECK(sched.jobs.size() == 1);
  CHECK(journal->stopped.empty());
  sched.run_once(); // c exits; b is asked only once the supervisor sees c down
  CHECK(journal->stopped == std::vector<std::string>{"c"});
  CHECK(sched.jobs.size() == 1);
  sched.run();
  CHECK(journal->stopped == std::vector<std::string>{"c", "b", "a"});
}

TEST_CASE_METHOD(supervisor_fixture, "an exit message stops the supervisor like stop") {
  start_abc();
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  sched.run();
  CHECK(journal->stopped == std::vector<std::string>{"c", "b", "a"});
  auto reason = down_reason();
  REQUIRE(reason);
  CHECK_FALSE(*reason);
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor cancels pending restarts when stopping") {
  start_abc();
  fail("a");
  self->send(sup, tn::atom::stop_v);
  sched.run();
  CHECK(journal->stopped == std::vector<std::string>{"a", "c", "b"});
  CHECK(down_reason());
  CHECK(journal->starts_of("a") == 1);
}

TEST_CASE_METHOD(supervisor_fixture, "a service that cannot start stops the node with its error") {
  auto refuse = [](tn::service_context&) -> caf::expected<caf::actor> {
    return caf::make_error(tn::ec::invalid_config, "x.y: bad");
  };
  start({tn::test::mock_spec(journal, "a"), {"bad", {}, refuse}, tn::test::mock_spec(journal, "c")});
  CHECK(journal->started == std::vector<std::string>{"a"});
  CHECK(journal->stopped == std::vector<std::string>{"a"});
  CHECK(render_down(*this) == "tradenode::invalid_config(\"x.y: bad\")");
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor status reports every service") {
  start({tn::test::mock_spec(journal, "a"), tn::test::mock_spec(journal, "b")});
  fail("b");
  send_time(t0 + 100ms);
  auto reports = ask<std::vector<tn::status_report>>(sup, tn::atom::status_v);
  REQUIRE(reports.size() == 3);
  auto& own = reports.front();
  CHECK(own.service == "supervisor");
  CHECK(own.counters.at("a.restarts") == 0);
  CHECK(own.counters.at("b.restarts") == 1);
  CHECK(own.facts.at("a.state") == "up");
  CHECK(own.facts.at("b.state") == "up");
  CHECK(own.facts.at("b.last_error") == "boom");
  CHECK(reports[1].service != reports[2].service);
  for (size_t i = 1; i < 3; ++i)
    CHECK(reports[i].counters.at("answers") == 1);
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor status reports a service that does not answer") {
  auto mute = [](tn::service_context& ctx) -> caf::expected<caf::actor> {
    return ctx.sys.spawn<tn::test::mute_service>();
  };
  start({tn::test::mock_spec(journal, "a"), {"mute", {}, mute}});
  auto rh = self->request(sup, caf::infinite, tn::atom::status_v);
  sched.run();
  // Fires the unanswered request's timeout (and the answered one's, which
  // CAF 0.17 never cancels).
  sched.advance_time(2s);
  sched.run();
  std::vector<tn::status_report> reports;
  rh.receive([&](std::vector<tn::status_report>& xs) { reports = std::move(xs); },
             [&](caf::error& err) { FAIL(sys.render(err)); });
  REQUIRE(reports.size() == 3);
  CHECK(reports[1].service == "a");
  CHECK(reports[2].service == "mute");
  CHECK(reports[2].facts.at("error") == "no answer in time");
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor publishes its events to the event log") {
  auto lines = std::make_shared<std::vector<std::string>>();
  tn::service_spec log{"event_log", {}, [lines](tn::service_context& ctx) -> caf::expected<caf::actor> {
                         return caf::actor_cast<caf::actor>(tn::spawn_event_log(
                           ctx.sys, 10, [lines](const std::string& x) { lines->push_back(x); }));
                       }};
  start({log, tn::test::mock_spec(journal, "a")});
  fail("a");
  send_time(t0 + 100ms);
  auto events = ask<std::vector<tn::event>>(
    caf::actor_cast<tn::event_log_actor>(current("event_log")), tn::atom::events_v,
    std::string{"supervisor"});
  std::vector<std::string> texts;
  for (auto& e : events)
    texts.push_back(e.text);
  CHECK(texts
        == std::vector<std::string>{
          "started event_log, a",
          "a failed (boom), restart in 100ms",
          "a restarted (1 restarts since start)"});
  CHECK(events[1].level == tn::severity::warning);
  CHECK(lines->size() == 3);
}
