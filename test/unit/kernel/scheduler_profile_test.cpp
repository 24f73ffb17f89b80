// node.scheduler: the profiles' CAF options exist in CAF 0.17.6 under these
// names (actor_system_config::set drops an unknown key with a message only),
// and a node started with them runs.

#include "runtime/config/scheduler_profile.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/defaults.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/settings.hpp>
#include <catch2/catch.hpp>

#include <string>

using namespace tn;

TEST_CASE("the default scheduler profile keeps CAF's own settings") {
  CHECK(scheduler_settings(scheduler_profile::caf_default).empty());
  CHECK(caf::defaults::work_stealing::aggressive_poll_attempts == 100);
  CHECK(std::string{to_string(scheduler_profile::caf_default)} == "default");
}

TEST_CASE("the low_latency scheduler profile sets options CAF 0.17 knows, and a system runs") {
  auto settings = scheduler_settings(scheduler_profile::low_latency);
  REQUIRE(settings.size() == 1);
  CHECK(std::string{settings[0].key} == "work-stealing.aggressive-poll-attempts");
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", size_t{2});
  for (auto& s : settings) {
    cfg.set(s.key, s.value);
    CHECK(caf::get_or(cfg, s.key, size_t{0}) == s.value); // 0 if CAF refused the key
  }
  caf::actor_system sys{cfg};
  // With an argument: CAF 0.17 spawns an argument-less function actor
  // through a null tuple pointer, which UBSan reports.
  auto echo = sys.spawn([](int step) -> caf::behavior { return {[step](int x) { return x + step; }}; },
                        1);
  caf::scoped_actor self{sys};
  int answer = 0;
  self->request(echo, caf::infinite, 41).receive([&](int x) { answer = x; },
                                                 [](caf::error&) {});
  CHECK(answer == 42);
  self->send_exit(echo, caf::exit_reason::user_shutdown);
}
