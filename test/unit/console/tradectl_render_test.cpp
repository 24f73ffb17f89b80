// What tradectl prints.

#include "tools/tradectl/render.hpp"

#include <catch2/catch.hpp>

TEST_CASE("render_status prints one aligned block per service") {
  tn::status_report sup{"supervisor", {{"clock.restarts", 0}}, {{"clock.state", "up"}}};
  tn::status_report log{"event_log", {{"events", 12}, {"topics", 2}}, {}};
  CHECK(tn::render_status({sup, log})
        == "supervisor\n"
           "  clock.restarts  0\n"
           "  clock.state     up\n"
           "event_log\n"
           "  events  12\n"
           "  topics  2\n");
}

TEST_CASE("render_actors prints a table with a dash for no error") {
  std::vector<tn::service_row> rows{{"event_log", "up", 0, ""},
                                    {"heartbeat", "restarting", 12, "exit_reason(kill)"}};
  CHECK(tn::render_actors(rows)
        == "NAME       STATE       RESTARTS  LAST ERROR\n"
           "event_log  up                 0  -\n"
           "heartbeat  restarting        12  exit_reason(kill)\n");
}

TEST_CASE("render_events prints one line per event") {
  using namespace std::chrono;
  tn::event e{tn::timestamp{} + hours{24 * 20000} + milliseconds{1500}, "supervisor",
              tn::severity::warning, "clock failed"};
  CHECK(tn::render_events({e}) == "2024-10-04T00:00:01.500Z supervisor warning clock failed\n");
  CHECK(tn::render_events({}) == "(no events)\n");
}
