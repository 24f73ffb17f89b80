// The console over the real supervisor, its services and event log.

#include "test/unit/kernel/supervisor_fixture.hpp"

#include "messages/breaker.hpp"
#include "messages/supervision.hpp"
#include "runtime/console/console_actor.hpp"
#include "runtime/event_log_actor.hpp"

using namespace std::chrono_literals;
using namespace tn;

namespace {

struct console_supervisor_fixture : tn::test::supervisor_fixture {
  console_actor console;

  /// The event log, then mock services a, b and c; a console over them.
  void start_node() {
    service_spec log{"event_log", {}, [](service_context& ctx) -> caf::expected<caf::actor> {
                       return caf::actor_cast<caf::actor>(spawn_event_log(ctx.sys, 100, {}));
                     }};
    start({log, tn::test::mock_spec(journal, "a"), tn::test::mock_spec(journal, "b", {"a"})});
    console = spawn_console(sys, sup, "1.2.3", "");
    sched.run();
  }

  std::vector<service_row> rows() {
    return ask<std::vector<service_row>>(console, atom::actors_v, std::string{});
  }

  ~console_supervisor_fixture() {
    caf::anon_send_exit(console, caf::exit_reason::user_shutdown);
  }
};

} // namespace

TEST_CASE_METHOD(console_supervisor_fixture, "console lists the supervised services") {
  start_node();
  auto xs = rows();
  REQUIRE(xs.size() == 3);
  CHECK(xs[0].name == "event_log");
  CHECK(xs[1].name == "a");
  CHECK(xs[2].name == "b");
  for (auto& row : xs) {
    CHECK(row.state == "up");
    CHECK(row.restarts == 0);
    CHECK(row.last_error.empty());
  }
}

TEST_CASE_METHOD(console_supervisor_fixture, "console restart goes through the supervisor") {
  start_node();
  CHECK(ask<bool>(console, atom::restart_v, std::string{}, std::string{"b"}));
  // A requested restart is no failure: no error, no backoff.
  auto after = rows();
  CHECK(after[2].state == "up");
  CHECK(after[2].restarts == 1);
  CHECK(after[2].last_error.empty());
  CHECK(journal->starts_of("b") == 2);
  auto texts = ask<std::vector<event>>(console, atom::events_v, std::string{},
                                       std::string{"supervisor"}, uint32_t{2});
  REQUIRE(texts.size() == 2);
  CHECK(texts[0].text == "restart of b requested");
  CHECK(texts[1].text == "b restarted (1 restarts since start)");
}

TEST_CASE_METHOD(console_supervisor_fixture, "console restart of an unknown service names it") {
  start_node();
  auto rh = self->request(console, caf::infinite, atom::restart_v, std::string{},
                          std::string{"nosuch"});
  sched.run();
  caf::error err;
  rh.receive([](bool) { FAIL("accepted"); }, [&](caf::error& e) { err = e; });
  CHECK(err == ec::missing_service);
  CHECK(sys.render(err) == "tradenode::missing_service(\"nosuch\")");
}

TEST_CASE_METHOD(console_supervisor_fixture, "console stop stops the services and the supervisor") {
  start_node();
  CHECK(ask<bool>(console, atom::stop_v, std::string{}));
  sched.run();
  CHECK(down_reason());
  CHECK(journal->stopped == std::vector<std::string>{"b", "a"});
}

TEST_CASE_METHOD(console_supervisor_fixture, "console shows the supervisor's breaker") {
  start_node();
  auto closed = ask<breaker_status>(console, atom::breaker_v, std::string{});
  CHECK(closed.state == breaker_state::closed);
  CHECK(closed.consecutive_failures == 0);
  CHECK(closed.times_opened == 0);
  for (int i = 0; i < 3; ++i)
    self->send(sup, atom::breaker_v, t0, breaker_outcome::failure,
               std::string{"HTTP 529 overloaded"});
  sched.run();
  auto open = ask<breaker_status>(console, atom::breaker_v, std::string{});
  CHECK(open.state == breaker_state::open);
  CHECK(open.consecutive_failures == 3);
  CHECK(open.times_opened == 1);
  CHECK(open.next_probe > t0);
  CHECK(open.last_error == "HTTP 529 overloaded");
}
