// The learner actor with the real journal (a detached actor on its own
// thread, which CAF's test scheduler does not drive): a real actor system,
// answers awaited with deadlines. A "restart" stops both actors, which
// closes the journal file, and starts new ones on the same file.

#include "actors/learner/learner.hpp"
#include "actors/learner/learner_actor.hpp"
#include "messages/actors.hpp"
#include "messages/decision.hpp"
#include "messages/events.hpp"
#include "messages/learner.hpp"
#include "messages/order.hpp"
#include "messages/register.hpp"
#include "runtime/journal/journal_actor.hpp"
#include "runtime/journal/journal_db.hpp"
#include "test/unit/kernel/temp_dir.hpp"
#include "test/unit/threaded_system.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_actor.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

using namespace tn;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = timestamp{} + 1000h;
const std::string regime = "unknown_unknown";

decision_record entry_decision() {
  decision_record x;
  x.trigger = {"BTCUSDT", pass_reason::zscore, "zscore_price 3.2 > 3", t0};
  x.model_outcome = "ok";
  x.chosen.ts = t0;
  x.chosen.source = decision_source::model;
  x.chosen.decisions = {{"BTCUSDT",
                         trade_action::buy,
                         0.2,
                         {{"Trend", signal_direction::bullish, 0.9},
                          {"RSI(14)", signal_direction::bullish, 0.3}}}};
  return x;
}

position_exit exit_of(const std::string& id, uint64_t decision_id, int64_t pnl_units) {
  position_exit x;
  x.position_id = id;
  x.symbol = "BTCUSDT";
  x.entry_decision_id = decision_id;
  x.reason = order_reason::model_sell;
  x.quantity = decimal::from_units(1'000'000);
  x.entry_price = decimal::from_int(65000);
  x.exit_price = decimal::from_int(66000);
  x.fees = decimal::from_units(130'000'000);
  x.pnl = decimal::from_units(pnl_units);
  x.opened = t0;
  x.closed = t0 + 1h;
  return x;
}

struct learner_fixture : test::threaded_system {
  test::temp_dir dir;
  std::string path = journal_path(dir.file("data"));
  journal_actor journal;
  learner_actor learner;

  learner_fixture() : threaded_system(2) {
  }

  ~learner_fixture() {
    stop();
  }

  static learner_config config() {
    learner_config c;
    c.min_trades = 2;
    return c;
  }

  /// Starts the journal and a learner on it, as the node does.
  void start(uint64_t seed = 11) {
    journal = spawn_journal(sys, path, [](const std::string&) {});
    learner = spawn_learner(sys, config(), seed);
    caf::anon_send(learner, atom::announce_v, std::string{"journal"},
                   caf::actor_cast<caf::strong_actor_ptr>(journal));
  }

  template <class Handle>
  void stop_one(Handle& hdl) {
    if (!hdl)
      return;
    threaded_system::stop(hdl);
    hdl = nullptr;
  }

  /// A restart: the learner and the journal go down (the file closes).
  void stop() {
    stop_one(learner);
    stop_one(journal);
  }

  int64_t counter(const std::string& name) {
    auto r = ask<status_report>(learner, atom::status_v);
    return r.counters.at(name);
  }

  /// Waits until the learner's counter `name` reaches `value`.
  void await(const std::string& name, int64_t value) {
    eventually([&] { return counter(name) >= value; });
    REQUIRE(counter(name) == value);
  }

  /// Waits until the learner restored its state from the journal.
  void await_restored() {
    eventually(
      [&] { return ask<status_report>(learner, atom::status_v).facts.at("restored") == "yes"; });
  }

  /// Journals the entry decision as the trader does; its journal id.
  uint64_t journal_decision() {
    return ask<uint64_t>(journal, atom::publish_v, entry_decision());
  }

  /// Journals an exit as the position tracker does.
  void journal_exit(const position_exit& x) {
    CHECK(ask<uint64_t>(journal, atom::publish_v, x) == 1);
  }

  /// Everything sent to the journal before is committed.
  void flush() {
    ask<uint64_t>(journal, atom::flush_v);
  }

  beta_posterior posterior(const std::string& scope, const std::string& signal) {
    auto r = ask<learner_report>(learner, atom::learner_v);
    for (auto& s : r.scopes)
      if (s.scope == scope)
        for (auto& p : s.posteriors)
          if (p.signal == signal)
            return p;
    FAIL("no posterior " << scope << "/" << signal);
    return {};
  }
};

} // namespace

TEST_CASE_METHOD(learner_fixture, "the learner learns each exit once and keeps it across a restart") {
  start();
  await_restored();
  auto id = journal_decision();
  // The tracker sends the exit to the learner, then to the journal.
  for (auto& x : {exit_of("p1", id, 500'000'000), exit_of("p2", id, -200'000'000),
                  exit_of("p3", id, 900'000'000)}) {
    self->send(learner, x);
    journal_exit(x);
  }
  self->send(learner, exit_of("p1", id, 500'000'000)); // sent twice: learned once
  await("applied", 3);
  await("repeated_exits", 1);
  auto trend = posterior("global", "trend");
  CHECK(trend.alpha == Approx(1 + 0.9 + 0.9));
  CHECK(trend.beta == Approx(1 + 0.9));
  CHECK(trend.updates == 3);
  // Two signals with different confidence end with different posteriors.
  auto momentum = posterior(regime, "momentum");
  CHECK(momentum.alpha == Approx(1 + 0.3 + 0.3));
  CHECK(momentum.beta == Approx(1 + 0.3));
  auto weights = ask<learner_weights>(learner, atom::weights_v);
  CHECK(weights.source == regime);
  CHECK(weights.trades == 3);
  flush();
  stop();

  start();
  await("trades", 3);
  CHECK(counter("caught_up") == 0);
  auto again = posterior("global", "trend");
  CHECK(again.alpha == Approx(trend.alpha));
  CHECK(again.beta == Approx(trend.beta));
  CHECK(again.updates == 3);
  // Enough data right after the restart.
  CHECK(ask<learner_weights>(learner, atom::weights_v).source == regime);
  // The tracker never sends an exit twice, but if it did: not learned again.
  self->send(learner, exit_of("p2", id, -200'000'000));
  await("repeated_exits", 1);
  CHECK(counter("applied") == 0);
  CHECK(posterior("global", "trend").updates == 3);
}

TEST_CASE_METHOD(learner_fixture, "an exit journaled before a crash is learned once at the restart") {
  start();
  await_restored();
  auto id = journal_decision();
  // The exit reached the journal; the learner went down before it learned.
  journal_exit(exit_of("p1", id, 500'000'000));
  journal_exit(exit_of("p2", id + 99, 500'000'000)); // no such decision: nothing to learn
  flush();
  stop();

  start();
  await("caught_up", 2);
  CHECK(counter("applied") == 2);
  CHECK(counter("no_entry") == 1);
  CHECK(counter("trades") == 1);
  auto trend = posterior("global", "trend");
  CHECK(trend.alpha == Approx(1.9));
  CHECK(trend.updates == 1);
  // The tracker's own message arrives late, after the restart: not learned twice.
  self->send(learner, exit_of("p1", id, 500'000'000));
  await("repeated_exits", 1);
  CHECK(posterior("global", "trend").updates == 1);
  ask<uint64_t>(journal, atom::flush_v);
  stop();

  start();
  await("trades", 1);
  CHECK(counter("caught_up") == 0);
  CHECK(counter("applied") == 0);
  CHECK(posterior("global", "trend").alpha == Approx(1.9));
}

TEST_CASE_METHOD(learner_fixture, "exits that arrive before the journal answers wait for it") {
  learner = spawn_learner(sys, config(), 3);
  self->send(learner, exit_of("p1", 1, 100));
  await("waiting", 1);
  journal = spawn_journal(sys, path, [](const std::string&) {});
  auto id = journal_decision();
  REQUIRE(id == 1);
  caf::anon_send(learner, atom::announce_v, std::string{"journal"},
                 caf::actor_cast<caf::strong_actor_ptr>(journal));
  await("applied", 1);
  CHECK(counter("waiting") == 0);
  CHECK(posterior("global", "trend").alpha == Approx(1.9));
}

TEST_CASE_METHOD(learner_fixture, "the same seed draws the same weights") {
  start(7);
  await_restored();
  auto id = journal_decision();
  for (auto& x : {exit_of("p1", id, 500'000'000), exit_of("p2", id, -200'000'000)})
    self->send(learner, x);
  await("applied", 2);
  auto first = ask<learner_weights>(learner, atom::weights_v);
  auto second = ask<learner_weights>(learner, atom::weights_v);
  flush();
  stop();
  // The same trades restored under the same seed: the same draws.
  start(7);
  await("trades", 2);
  auto w1 = ask<learner_weights>(learner, atom::weights_v);
  auto w2 = ask<learner_weights>(learner, atom::weights_v);
  REQUIRE(first.weights.size() == w1.weights.size());
  for (size_t i = 0; i < w1.weights.size(); ++i) {
    CHECK(first.weights[i].weight == w1.weights[i].weight);
    CHECK(second.weights[i].weight == w2.weights[i].weight);
  }
  CHECK(first.weights[0].weight != second.weights[0].weight);
}

TEST_CASE_METHOD(learner_fixture, "the regime services' parts set the regime trades count in") {
  start();
  await_restored();
  auto id = journal_decision();
  // The regime detector and the macro regime service each tell their part.
  self->send(learner, atom::regime_v, std::string{"high_vol"});
  self->send(learner, atom::macro_v, std::string{"stagflation"});
  for (auto& x : {exit_of("p1", id, 500'000'000), exit_of("p2", id, -200'000'000)})
    self->send(learner, x);
  await("applied", 2);
  auto w = ask<learner_weights>(learner, atom::weights_v);
  CHECK(w.regime == "high_vol_stagflation");
  CHECK(w.source == "high_vol_stagflation");
  CHECK(w.trades == 2);
  CHECK(posterior("high_vol_stagflation", "trend").updates == 2);
  // One part changes, the other stays: a regime without trades of its own
  // draws from the global posteriors.
  self->send(learner, atom::regime_v, std::string{"low_vol"});
  auto after = ask<learner_weights>(learner, atom::weights_v);
  CHECK(after.regime == "low_vol_stagflation");
  CHECK(after.source == "global");
  self->send(learner, atom::macro_v, std::string{"unknown"});
  CHECK(ask<learner_weights>(learner, atom::weights_v).regime == "low_vol_unknown");
}
