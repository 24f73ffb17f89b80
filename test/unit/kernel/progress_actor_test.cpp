#include "test/unit/caf_fixture.hpp"

#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "runtime/progress_actor.hpp"
#include "runtime/time_format.hpp"
#include "test/unit/kernel/mock_service.hpp"

using tn::test::caf_fixture;
using namespace std::chrono_literals;

namespace {

const auto t0 = tn::timestamp{} + 1000h;

/// A market service answering status with the report in `report`.
caf::behavior fake_market(caf::event_based_actor*, std::shared_ptr<tn::status_report> report) {
  return {[report](tn::atom::status) { return *report; }};
}

struct progress_fixture : caf_fixture {
  std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
  tn::progress_actor aut = tn::spawn_progress(sys, 5s, [l = lines](const std::string& x) {
    l->push_back(x);
  });
  std::vector<caf::actor> fakes;

  ~progress_fixture() {
    caf::anon_send_exit(aut, caf::exit_reason::user_shutdown);
    for (auto& x : fakes)
      caf::anon_send_exit(x, caf::exit_reason::user_shutdown);
  }

  void announce(const std::string& name, std::shared_ptr<tn::status_report> report) {
    fakes.push_back(sys.spawn(fake_market, report));
    self->send(aut, tn::atom::announce_v, name,
               caf::actor_cast<caf::strong_actor_ptr>(fakes.back()));
    sched.run();
  }

  /// The line's head for event time t0 + d.
  static std::string at(tn::timespan d) {
    return "[progress " + tn::format_timestamp_seconds(t0 + d) + "] ";
  }

  void time(tn::timespan d) {
    self->send(aut, tn::atom::time_v, t0 + d);
    sched.run();
  }
};

} // namespace

TEST_CASE_METHOD(progress_fixture, "progress prints one line per interval from its peers") {
  auto listener = std::make_shared<tn::status_report>();
  listener->counters = {{"frames", 10}, {"reconnects", 1}, {"malformed", 0}};
  auto store = std::make_shared<tn::status_report>();
  store->facts = {{"price:BTCUSDT", "117950.12"}};
  announce("market_listener", listener);
  announce("market_store", store);
  time(0s);
  REQUIRE(lines->size() == 1);
  CHECK(lines->back() == at(0s) + "- frames/s  symbols 1  BTCUSDT 117950.12  reconnects 1 malformed 0");
  listener->counters["frames"] = 60;
  time(4s);
  CHECK(lines->size() == 1);
  time(5s);
  REQUIRE(lines->size() == 2);
  CHECK(lines->back() == at(5s) + "10.0 frames/s  symbols 1  BTCUSDT 117950.12  reconnects 1 malformed 0");
  CHECK(ask<tn::status_report>(aut, tn::atom::status_v).counters.at("lines") == 2);
}

TEST_CASE_METHOD(progress_fixture, "progress prints nothing without market services") {
  time(0s);
  time(5s);
  CHECK(lines->empty());
}

TEST_CASE_METHOD(progress_fixture, "progress leaves out a peer that does not answer") {
  auto store = std::make_shared<tn::status_report>();
  store->facts = {{"price:ETHUSDT", "3012.55"}};
  announce("market_store", store);
  auto mute = sys.spawn<tn::test::mute_service>();
  fakes.push_back(mute);
  self->send(aut, tn::atom::announce_v, std::string{"market_listener"},
             caf::actor_cast<caf::strong_actor_ptr>(mute));
  time(0s);
  CHECK(lines->empty());
  sched.advance_time(2s);
  sched.run();
  REQUIRE(lines->size() == 1);
  CHECK(lines->back() == at(0s) + "symbols 1  ETHUSDT 3012.55");
}
