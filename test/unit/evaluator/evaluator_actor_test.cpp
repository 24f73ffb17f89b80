#include "actors/evaluator/evaluator_actor.hpp"

#include "actors/evaluator/evaluator.hpp"
#include "messages/decision.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/snapshot.hpp"

#include "test/unit/caf_fixture.hpp"
#include "test/unit/evaluator/series.hpp"

using namespace tn;

namespace {

market_snapshot two_symbols() {
  auto snap = test::snapshot_of(test::hourly_bars(test::trending_closes(100, 100, 0.003, 0.001)));
  symbol_snapshot thin;
  thin.symbol = "ETHUSDT"; // no candles: holds
  snap.symbols.push_back(thin);
  return snap;
}

} // namespace

TEST_CASE_METHOD(test::caf_fixture, "the evaluator actor answers with the pure decision") {
  node_config node;
  service_context ctx{sys, node, nullptr};
  auto spawned = spawn_evaluator(ctx);
  REQUIRE(spawned);
  auto aut = caf::actor_cast<evaluator_actor>(*spawned);
  auto snap = two_symbols();
  auto expected = evaluate(snap, node.section<evaluator_config>());

  self->send(aut, atom::announce_v, std::string{"event_log"}, caf::strong_actor_ptr{});
  auto got = ask<decision>(aut, atom::decide_v, snap);
  CHECK(got.ts == expected.ts);
  CHECK(got.source == decision_source::evaluator);
  CHECK(got.reasoning == expected.reasoning);
  CHECK(got.next_check_seconds == expected.next_check_seconds);
  REQUIRE(got.decisions.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(got.decisions[i].symbol == expected.decisions[i].symbol);
    CHECK(got.decisions[i].action == expected.decisions[i].action);
    CHECK(got.decisions[i].position_pct == expected.decisions[i].position_pct);
    CHECK(got.decisions[i].signals.size() == 5);
  }
  CHECK(got.decisions[0].action == trade_action::buy);
  CHECK(got.decisions[1].action == trade_action::hold);

  ask<decision>(aut, atom::decide_v, snap);
  auto st = ask<status_report>(aut, atom::status_v);
  CHECK(st.service == "evaluator");
  CHECK(st.counters.at("decisions") == 2);
  CHECK(st.counters.at("buys") == 2);
  CHECK(st.counters.at("sells") == 0);
  CHECK(st.counters.at("holds") == 2);
  caf::anon_send_exit(aut, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(test::caf_fixture, "the evaluator service refuses an invalid config") {
  node_config node;
  node.section<evaluator_config>().entry_threshold = 0;
  service_context ctx{sys, node, nullptr};
  auto spawned = spawn_evaluator(ctx);
  REQUIRE_FALSE(spawned);
  CHECK(spawned.error() == ec::invalid_config);
  CHECK(sys.render(spawned.error()).find("evaluator.entry_threshold") != std::string::npos);
}
