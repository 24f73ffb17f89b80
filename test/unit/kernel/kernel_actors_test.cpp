#include "test/unit/caf_fixture.hpp"
#include "temp_dir.hpp"

#include "messages/actors.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/market.hpp"
#include "runtime/clock.hpp"
#include "runtime/clock_actor.hpp"
#include "runtime/event_log_actor.hpp"
#include "runtime/heartbeat_actor.hpp"
#include "runtime/time_format.hpp"
#include "runtime/watchdog_actor.hpp"

#include <fstream>
#include <sstream>

using tn::test::caf_fixture;
using namespace std::chrono_literals;

namespace {

const auto t0 = tn::timestamp{} + 1000h;

caf::behavior record_times(caf::event_based_actor*, std::shared_ptr<std::vector<tn::timestamp>> xs) {
  return {[xs](tn::atom::time, tn::timestamp t) { xs->push_back(t); }};
}

template <class Handle>
caf::strong_actor_ptr ptr(const Handle& x) {
  return caf::actor_cast<caf::strong_actor_ptr>(x);
}

std::vector<std::string> texts(const std::vector<tn::event>& xs) {
  std::vector<std::string> result;
  for (auto& x : xs)
    result.push_back(x.text);
  return result;
}

struct lines_fixture : caf_fixture {
  std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
  tn::event_log_actor log = tn::spawn_event_log(sys, 10, [l = lines](const std::string& x) {
    l->push_back(x);
  });

  std::vector<std::string> events(const std::string& topic) {
    return texts(ask<std::vector<tn::event>>(log, tn::atom::events_v, topic));
  }
};

} // namespace

TEST_CASE_METHOD(caf_fixture, "clock sends its time to every announced listener each period") {
  auto source = std::make_shared<tn::replay_clock>(t0);
  auto clk = tn::spawn_clock(sys, source, 1s);
  sched.run();
  auto seen = std::make_shared<std::vector<tn::timestamp>>();
  auto listener = sys.spawn(record_times, seen);
  self->send(clk, tn::atom::announce_v, std::string{"x"}, ptr(listener));
  sched.run();
  CHECK(*seen == std::vector<tn::timestamp>{t0}); // a new listener learns the time at once
  source->advance_to(t0 + 7s);
  CHECK(sched.advance_time(999ms) == 0);
  sched.run();
  CHECK(seen->size() == 1);
  CHECK(sched.advance_time(1ms) == 1);
  sched.run();
  CHECK(*seen == std::vector<tn::timestamp>{t0, t0 + 7s});
  sched.advance_time(1s);
  sched.run();
  CHECK(seen->back() == t0 + 7s); // replay time did not move
  CHECK(seen->size() == 3);
  auto st = ask<tn::status_report>(clk, tn::atom::status_v);
  CHECK(st.counters.at("listeners") == 1);
  CHECK(st.counters.at("beats") == 3);
  caf::anon_send_exit(clk, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(listener, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(lines_fixture, "event log keeps the last N per topic and writes every line") {
  for (int i = 1; i <= 12; ++i)
    self->send(log, tn::atom::publish_v,
               tn::event{t0 + i * 1s, "a", tn::severity::info, "a" + std::to_string(i)});
  self->send(log, tn::atom::publish_v, tn::event{t0, "b", tn::severity::error, "b0"});
  sched.run();
  auto a = events("a");
  REQUIRE(a.size() == 10);
  CHECK(a.front() == "a3");
  CHECK(a.back() == "a12");
  CHECK(events("").front() == "b0");
  CHECK(events("").size() == 11);
  CHECK(lines->size() == 13);
  CHECK(lines->back().find(" b error b0") != std::string::npos);
  auto st = ask<tn::status_report>(log, tn::atom::status_v);
  CHECK(st.counters.at("events") == 13);
  CHECK(st.counters.at("topics") == 2);
  caf::anon_send_exit(log, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(lines_fixture, "event log lines lead with the event time and show the clock's beside it") {
  self->send(log, tn::atom::time_v, t0);
  self->send(log, tn::atom::publish_v, tn::event{t0 + 2h, "market", tn::severity::info, "ahead"});
  self->send(log, tn::atom::publish_v, tn::event{t0, "supervisor", tn::severity::info, "now"});
  sched.run();
  REQUIRE(lines->size() == 2);
  CHECK(lines->front()
        == tn::format_timestamp(t0 + 2h) + " (wall " + tn::format_timestamp_seconds(t0)
             + ") market info ahead");
  CHECK(lines->back() == tn::format_timestamp(t0) + " supervisor info now");
}

TEST_CASE_METHOD(lines_fixture, "watchdog warns once after 5 minutes without data, then re-arms") {
  auto dog = tn::spawn_watchdog(sys, 5min);
  self->send(dog, tn::atom::announce_v, std::string{"event_log"}, ptr(log));
  auto time = [&](tn::timespan d) {
    self->send(dog, tn::atom::time_v, t0 + d);
    sched.run();
  };
  time(0s);
  time(4min + 59s);
  CHECK(events("watchdog").empty());
  time(5min);
  CHECK(events("watchdog") == std::vector<std::string>{"no market data for 5m"});
  time(9min);
  CHECK(events("watchdog").size() == 1);
  self->send(dog, tn::tick_batch{});
  sched.run();
  CHECK(events("watchdog").back() == "market data resumed after 9m of silence");
  time(13min + 59s);
  CHECK(events("watchdog").size() == 2);
  time(14min);
  CHECK(events("watchdog").back() == "no market data for 5m");
  auto st = ask<tn::status_report>(dog, tn::atom::status_v);
  CHECK(st.counters.at("warnings") == 2);
  CHECK(st.counters.at("batches") == 1);
  caf::anon_send_exit(dog, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(log, caf::exit_reason::user_shutdown);
}

namespace {

tn::trader_actor::behavior_type record_passes(tn::trader_actor::pointer,
                                              std::shared_ptr<std::vector<tn::gate_pass>> out) {
  return {
    [out](tn::atom::pass, tn::gate_pass& p) { out->push_back(std::move(p)); },
    [](tn::atom::time, tn::timestamp) {},
    [](tn::atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](tn::atom::status) { return tn::status_report{}; },
  };
}

} // namespace

TEST_CASE_METHOD(lines_fixture, "watchdog dates its forced decision in the market's time") {
  auto passes = std::make_shared<std::vector<tn::gate_pass>>();
  auto trader = sys.spawn(record_passes, passes);
  auto dog = tn::spawn_watchdog(sys, 5min);
  self->send(dog, tn::atom::announce_v, std::string{"trader"}, ptr(trader));
  // The host clock is a year ahead of the market (a replay of the past).
  auto wall = t0 + 24h * 365;
  self->send(dog, tn::atom::time_v, wall);
  tn::tick_batch b;
  b.ticks.push_back(tn::tick{"BTCUSDT", t0, t0, 100, 1});
  self->send(dog, b);
  sched.run();
  for (auto d = 1min; d <= 5min; d += 1min) {
    self->send(dog, tn::atom::time_v, wall + d);
    sched.run();
  }
  REQUIRE(passes->size() == 1);
  CHECK(passes->back().reason == tn::pass_reason::watchdog);
  CHECK(passes->back().ts == t0 + 4min); // the silence since the beat after the data
  caf::anon_send_exit(dog, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(trader, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(lines_fixture, "heartbeat rewrites its file once per interval") {
  tn::test::temp_dir dir;
  auto path = dir.file("heartbeat");
  auto read = [&] {
    std::ifstream in{path};
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  };
  auto hb = tn::spawn_heartbeat(sys, {path, 30s, "paper", "n1", 77},
                               tn::heartbeat_thread::scheduler);
  auto time = [&](tn::timespan d) {
    self->send(hb, tn::atom::time_v, t0 + d);
    sched.run();
  };
  time(0s);
  auto first = tn::to_unix_ms(t0);
  CHECK(read()
        == "{\"time\":\"1970-02-11T16:00:00.000Z\",\"unix_ms\":" + std::to_string(first)
             + ",\"pid\":77,\"mode\":\"paper\",\"name\":\"n1\"}\n");
  time(29s);
  CHECK(read().find(std::to_string(first)) != std::string::npos);
  time(30s);
  CHECK(read().find("\"unix_ms\":" + std::to_string(first + 30000)) != std::string::npos);
  auto st = ask<tn::status_report>(hb, tn::atom::status_v);
  CHECK(st.counters.at("writes") == 2);
  CHECK(st.counters.at("failures") == 0);
  caf::anon_send_exit(hb, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(log, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(lines_fixture, "heartbeat reports a failed write to the event log") {
  tn::test::temp_dir dir;
  auto hb = tn::spawn_heartbeat(sys, {dir.file("no/such/dir/hb"), 30s, "paper", "n1", 1},
                               tn::heartbeat_thread::scheduler);
  self->send(hb, tn::atom::announce_v, std::string{"event_log"}, ptr(log));
  self->send(hb, tn::atom::time_v, t0);
  sched.run();
  auto ev = events("heartbeat");
  REQUIRE(ev.size() == 1);
  CHECK(ev.front().find("cannot open") == 0);
  CHECK(ask<tn::status_report>(hb, tn::atom::status_v).counters.at("failures") == 1);
  caf::anon_send_exit(hb, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(log, caf::exit_reason::user_shutdown);
}
