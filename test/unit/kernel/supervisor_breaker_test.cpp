// The circuit breaker's lines in the event log: the breaker's event time
// (the decisions' market time), with the node clock's time beside it where
// the two differ, never one mixed into the other (issue 14, item 11).

#include "supervisor_fixture.hpp"

#include "messages/breaker.hpp"
#include "runtime/event_log_actor.hpp"
#include "runtime/time_format.hpp"

using namespace tn;
using namespace tn::test;

namespace {

service_spec event_log_spec() {
  return {"event_log", {}, [](service_context& ctx) -> caf::expected<caf::actor> {
            return caf::actor_cast<caf::actor>(spawn_event_log(ctx.sys, 100, {}));
          }};
}

/// The breaker's lines in the event log, oldest first.
template <class Fixture>
std::vector<event> breaker_lines(Fixture& f) {
  return f.template ask<std::vector<event>>(
    caf::actor_cast<event_log_actor>(f.current("event_log")), atom::events_v,
    std::string{"breaker"});
}

/// Three failed calls, a minute apart from `first`: the breaker opens.
template <class Fixture>
void open_breaker(Fixture& f, timestamp first) {
  for (int i = 0; i < 3; ++i)
    f.self->send(f.sup, atom::breaker_v, first + std::chrono::minutes{i},
                 breaker_outcome::failure, std::string{"HTTP 529 overloaded"});
  f.sched.run();
}

} // namespace

TEST_CASE_METHOD(supervisor_fixture, "supervisor: breaker lines carry the breaker's event time") {
  start({event_log_spec()});
  auto market = t0;           // a replay of historic data ...
  auto wall = t0 + 24h * 400; // ... while the node's clock says today
  send_time(wall);
  open_breaker(*this, market);
  auto events = breaker_lines(*this);
  REQUIRE(events.size() == 1);
  CHECK(events[0].ts == market + 2min);
  CHECK_THAT(events[0].text,
             Catch::Contains("next probe " + format_timestamp(market + 17min))
               && Catch::EndsWith("(wall time " + format_timestamp(wall) + ")"));
}

TEST_CASE_METHOD(supervisor_fixture, "supervisor: a breaker line in step with the clock has one time") {
  start({event_log_spec()});
  send_time(t0 + 2min);
  open_breaker(*this, t0);
  auto events = breaker_lines(*this);
  REQUIRE(events.size() == 1);
  CHECK(events[0].ts == t0 + 2min);
  CHECK_THAT(events[0].text, !Catch::Contains("wall time"));
}
