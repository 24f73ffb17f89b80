#pragma once

// The decision loop on the test scheduler: the trader with the real agent
// (scripted backend), the real evaluator and the real supervisor's circuit
// breaker; a fake store, and recorders in place of the gate and journal.

#include "test/unit/caf_fixture.hpp"
#include "fakes.hpp"

#include "actors/agent/agent_actor.hpp"
#include "actors/agent/cost.hpp"
#include "actors/evaluator/evaluator_actor.hpp"
#include "actors/trader/trader_actor.hpp"
#include "messages/breaker.hpp"
#include "runtime/config/config.hpp"
#include "runtime/supervisor.hpp"

namespace tn::test {

using namespace std::chrono_literals;

inline const timestamp t0 = from_unix_ms(1'735'732'800'000); // 2025-01-01 12:00 UTC

struct loop_fixture : caf_fixture {
  std::shared_ptr<scripted_backend::shared> script = std::make_shared<scripted_backend::shared>();
  std::shared_ptr<std::vector<schedule_entry>> schedules =
    std::make_shared<std::vector<schedule_entry>>();
  std::shared_ptr<journal_fake> journal = std::make_shared<journal_fake>();
  bool with_model;
  node_config cfg;
  supervisor_actor sup;
  agent_actor agent;
  std::vector<std::pair<std::string, caf::strong_actor_ptr>> peers;
  trader_actor trader;

  explicit loop_fixture(bool with_model = true, store_fake store = {t0}, double budget = 100)
    : with_model(with_model) {
    agent_setup a;
    a.backend = std::make_shared<scripted_backend>(script);
    a.daily_budget_usd = budget;
    start(std::move(a), std::move(store));
  }

  /// The loop with an agent of the test's making (its backend and budget).
  explicit loop_fixture(agent_setup a) : with_model(true) {
    start(std::move(a), store_fake{t0});
  }

  /// Spawns the supervisor, the agent (with BTCUSDT's limits and the
  /// default prices), the evaluator, the fakes and the trader.
  void start(agent_setup a, store_fake store) {
    cfg.market.symbols = {"BTCUSDT"};
    sup = spawn_supervisor(sys, cfg, nullptr, {}, t0);
    a.limits = btc_limits();
    a.prices = default_prices();
    agent = spawn_agent(sys, std::move(a));
    peers = {{"supervisor", ptr(sup)},
             {"agent", ptr(agent)},
             {"evaluator", ptr(spawn_evaluator(sys, cfg.section<evaluator_config>()))},
             {"market_store", ptr(sys.spawn(fake_store, store))},
             {"gate", ptr(sys.spawn(recording_gate, schedules))},
             {"journal", ptr(sys.spawn(fake_journal, journal))}};
    trader = make_trader();
  }

  /// A trader told its peers, as the supervisor does at start and restart.
  trader_actor make_trader() {
    trader_setup t;
    t.symbols = cfg.market.symbols;
    t.cfg = cfg.section<trader_config>();
    t.model_configured = with_model;
    t.agent_deadline = 5min;
    auto hdl = spawn_trader(sys, std::move(t));
    for (auto& [name, peer] : peers)
      self->send(hdl, atom::announce_v, name, peer);
    sched.run();
    return hdl;
  }

  // The trader and the agent hold each other (a handle, a pending
  // promise); like the supervisor at shutdown, stop every actor.
  ~loop_fixture() {
    caf::anon_send_exit(trader, caf::exit_reason::user_shutdown);
    for (auto& [name, peer] : peers)
      caf::anon_send_exit(caf::actor_cast<caf::actor>(peer), caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// A timer pass at `ts`; runs until the decision is journaled.
  const decision_record& pass(timestamp ts) {
    auto before = journal->rows.size();
    self->send(trader, atom::pass_v, gate_pass{"", pass_reason::timer, "timer due", ts});
    sched.run();
    REQUIRE(journal->rows.size() == before + 1);
    return journal->rows.back();
  }

  breaker_status breaker() {
    return ask<breaker_status>(sup, atom::breaker_v);
  }
};

} // namespace tn::test
