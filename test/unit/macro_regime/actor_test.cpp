#include "actors/macro_regime/macro_regime_actor.hpp"

#include "actors/learner/learner_actor.hpp"
#include "messages/learner.hpp"

#include "test/unit/caf_fixture.hpp"
#include "test/unit/macro_regime/series_util.hpp"
#include "test/unit/market_actors/recording_sink.hpp"

#include <cstdio>
#include <fstream>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

void write_csv(const std::string& path, const std::string& header,
               const std::vector<observation>& xs) {
  std::ofstream out{path};
  out.precision(17);
  out << header << "\n";
  for (auto& x : xs)
    out << format_iso_date(x.date) << "," << x.value << "\n";
}

timestamp start() {
  return month(months - 1) + 24h * 51;
}

struct macro_fixture : caf_fixture {
  received_events events = std::make_shared<std::vector<event>>();
  event_log_actor log = sys.spawn(record_events, events);

  macro_regime_actor spawn_with(macro_config cfg, macro_source source) {
    auto aut = spawn_macro_regime(sys, std::move(cfg), source, nullptr);
    self->send(aut, atom::announce_v, std::string{"event_log"},
               caf::actor_cast<caf::strong_actor_ptr>(log));
    sched.run();
    return aut;
  }

  void at(const macro_regime_actor& aut, timestamp t) {
    self->send(aut, atom::time_v, t);
    sched.run();
  }

  ~macro_fixture() {
    self->send_exit(log, caf::exit_reason::user_shutdown);
  }
};

} // namespace

TEST_CASE_METHOD(macro_fixture, "Without a source the macro regime is unknown, said once") {
  auto aut = spawn_with(macro_config{}, macro_source::none);
  for (int day = 0; day < 5; ++day)
    at(aut, start() + 24h * day + 3h);
  REQUIRE(events->size() == 1);
  auto& e = events->front();
  CHECK(e.topic == "macro_regime");
  CHECK(e.level == severity::info);
  CHECK(e.ts == start() + 3h);
  CHECK(e.text.find("macro regime unknown: no FRED API key in $FRED_API_KEY") == 0);
  CHECK(ask<std::string>(aut, atom::macro_v) == "unknown");
  auto st = ask<status_report>(aut, atom::status_v);
  CHECK(st.service == "macro_regime");
  CHECK(st.facts.at("regime") == "unknown");
  CHECK(st.facts.at("source") == "none");
  CHECK(st.counters.at("refreshes") == 0);
  self->send_exit(aut, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(macro_fixture, "The macro regime from CSV files, refreshed daily in event time") {
  macro_config cfg;
  cfg.growth_file = std::string{TN_BINARY_DIR} + "/macro_actor_test_growth.csv";
  cfg.inflation_file = std::string{TN_BINARY_DIR} + "/macro_actor_test_cpi.csv";
  write_csv(cfg.growth_file, "observation_date,INDPRO", levels_with_yoy(months, up));
  write_csv(cfg.inflation_file, "DATE,VALUE", levels_with_yoy(months, down));
  auto aut = spawn_with(cfg, macro_source::files);

  at(aut, start());
  REQUIRE(events->size() == 1);
  CHECK(events->back().text.find("macro regime goldilocks (growth rising") == 0);
  CHECK(ask<std::string>(aut, atom::macro_v) == "goldilocks");
  auto st = ask<status_report>(aut, atom::status_v);
  CHECK(st.facts.at("source") == "files");
  CHECK(st.facts.at("growth").find("rising 4.50% vs 3.95% average (INDPRO, as of 2017-12-01)")
        == 0);
  CHECK(st.facts.at("next_refresh") == "2018-01-22T00:00:00.000Z");

  // Changed files are read at the next refresh, not before.
  write_csv(cfg.growth_file, "observation_date,INDPRO", levels_with_yoy(months, down));
  write_csv(cfg.inflation_file, "DATE,VALUE", levels_with_yoy(months, up));
  at(aut, start() + 23h);
  CHECK(events->size() == 1);
  at(aut, start() + 24h);
  REQUIRE(events->size() == 2);
  CHECK(events->back().text.find("macro regime stagflation") == 0);
  CHECK(events->back().ts == start() + 24h);

  // A missing file: one warning, the regime kept, retried after an hour
  // without saying it again.
  std::remove(cfg.growth_file.c_str());
  at(aut, start() + 48h);
  REQUIRE(events->size() == 3);
  CHECK(events->back().level == severity::warning);
  CHECK(events->back().text.find("cannot refresh the macro regime from files (INDPRO: "
                                 + cfg.growth_file + ": cannot open the file")
        == 0);
  for (int h = 1; h <= 5; ++h)
    at(aut, start() + 48h + 1h * h);
  CHECK(events->size() == 3);
  CHECK(ask<std::string>(aut, atom::macro_v) == "stagflation");
  st = ask<status_report>(aut, atom::status_v);
  CHECK(st.counters.at("refreshes") == 2);
  CHECK(st.counters.at("refreshes_failed") == 6);
  CHECK(st.facts.at("last_failure").find("INDPRO: ") == 0);
  std::remove(cfg.inflation_file.c_str());
  self->send_exit(aut, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(macro_fixture, "The learner hears each new quadrant, and a new learner hears it "
                                "at once") {
  macro_config cfg;
  cfg.growth_file = std::string{TN_BINARY_DIR} + "/macro_actor_learner_growth.csv";
  cfg.inflation_file = std::string{TN_BINARY_DIR} + "/macro_actor_learner_cpi.csv";
  write_csv(cfg.growth_file, "observation_date,INDPRO", levels_with_yoy(months, up));
  write_csv(cfg.inflation_file, "DATE,VALUE", levels_with_yoy(months, down));
  auto aut = spawn_with(cfg, macro_source::files);
  auto learner = spawn_learner(sys, learner_config{}, 1);
  auto announce = [&](const learner_actor& l) {
    self->send(aut, atom::announce_v, std::string{"learner"},
               caf::actor_cast<caf::strong_actor_ptr>(l));
    sched.run();
  };
  auto regime_of = [&](const learner_actor& l) {
    return ask<learner_weights>(l, atom::weights_v).regime;
  };
  announce(learner);
  CHECK(regime_of(learner) == "unknown_unknown"); // no refresh yet
  at(aut, start());
  CHECK(regime_of(learner) == "unknown_goldilocks");
  write_csv(cfg.growth_file, "observation_date,INDPRO", levels_with_yoy(months, down));
  write_csv(cfg.inflation_file, "DATE,VALUE", levels_with_yoy(months, up));
  at(aut, start() + 24h);
  CHECK(regime_of(learner) == "unknown_stagflation");
  // A restarted learner knows nothing: the macro service tells it again.
  auto fresh = spawn_learner(sys, learner_config{}, 2);
  announce(fresh);
  CHECK(regime_of(fresh) == "unknown_stagflation");
  std::remove(cfg.growth_file.c_str());
  std::remove(cfg.inflation_file.c_str());
  self->send_exit(aut, caf::exit_reason::user_shutdown);
  self->send_exit(learner, caf::exit_reason::user_shutdown);
  self->send_exit(fresh, caf::exit_reason::user_shutdown);
}
