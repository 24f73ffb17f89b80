// The model in a backtest over loopback: the agent on the deterministic
// test scheduler calls the real Anthropic backend (I/O thread, llm-endpoint)
// and the result comes back through external_calls, delivered by the
// driver's thread; the decision journaled by the journal code is then
// answered by the model cache from that file, with no request sent. And
// the agent service's factory in a backtest: its cache, its refusals.

#include "actors/agent/agent_actor.hpp"
#include "actors/agent/agent_service.hpp"
#include "actors/agent/cache_backend.hpp"
#include "actors/agent/cost.hpp"
#include "agent_answer.hpp"
#include "backend_fixture.hpp"
#include "messages/model.hpp"
#include "messages/register.hpp"
#include "runtime/external_calls.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/model_answers.hpp"
#include "runtime/service.hpp"
#include "test/unit/agent/answer_journal.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <caf/all.hpp>

#include <fstream>

using namespace tn;
using namespace tn::test;

namespace {

const std::string decision_text =
  R"({"decisions":[{"symbol":"BTCUSDT","action":"BUY","position_pct":0.25,)"
  R"("signals":[{"name":"trend","direction":"bullish","confidence":0.6}]}],)"
  R"("next_check_seconds":3600,"wake_conditions":[],"memory_update":"note","reasoning":"up"})";

const timestamp ts{std::chrono::hours{480000}};

struct backtest_system {
  caf::actor_system_config cfg;
  std::optional<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;

  backtest_system() {
    add_message_types(cfg);
    cfg.set("scheduler.policy", caf::atom("testing"));
    sys.emplace(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
  }

  ~backtest_system() {
    sched->run();
    sys->await_actors_before_shutdown(false);
  }

  /// Asks `agent` as a backtest driver does: runs the scheduler until it
  /// is idle, then, while calls are pending, waits for a result, delivers
  /// it on this thread and runs the scheduler again.
  agent_answer decide(const agent_actor& agent, external_calls* bridge) {
    caf::scoped_actor self{*sys, true};
    auto rh = self->request(agent, caf::infinite, atom::decide_v,
                            agent_request{ts, "BTCUSDT 64000.5", false});
    sched->run();
    while (bridge != nullptr && bridge->pending() > 0) {
      REQUIRE(bridge->run_one(std::chrono::seconds{30}));
      sched->run();
    }
    return receive_answer(rh, *sys);
  }
};

agent_setup setup_for(std::shared_ptr<model_backend> backend, const decision_limits& limits) {
  agent_setup a;
  a.backend = std::move(backend);
  a.limits = limits;
  a.system_prompt = "You decide.";
  a.prices = default_prices();
  a.daily_budget_usd = std::numeric_limits<double>::infinity();
  a.restore_spend = false;
  return a;
}

} // namespace

TEST_CASE_METHOD(backend_fixture, "backtest loopback: live through the bridge, then from the cache") {
  env->emplace("ANTHROPIC_API_KEY", "test-key");
  auto s = settings();
  auto limits = s.limits;
  make_anthropic(s);
  auto answer = step(R"({"decision":)" + decision_text + "}");
  answer.usage.input_tokens = 1000;
  answer.usage.output_tokens = 200;
  endpoint->push(answer);

  temp_dir dir;
  std::shared_ptr<journaled_answers> answers;
  {
    backtest_system live;
    auto bridge = std::make_shared<external_calls>();
    auto a = setup_for(std::move(backend), limits);
    a.external = bridge;
    a.run_budget_usd = 1;
    auto agent = spawn_agent(*live.sys, std::move(a));
    auto got = live.decide(agent, bridge.get());
    INFO(got.error);
    REQUIRE(got.status == agent_status::ok);
    CHECK(got.result.decisions.size() == 1);
    CHECK(got.result.cost_usd > 0);
    CHECK(bridge->pending() == 0);
    CHECK(endpoint->requests().size() == 1);
    // Journaled as the trader does.
    answers = journaled(dir.file("journal.sqlite"),
                        {answer_row(ts, got.backend, "ok", got.raw_response, got.result)});
    caf::anon_send_exit(agent, caf::exit_reason::user_shutdown);
  }

  backtest_system replay;
  auto cache = std::make_shared<cache_backend>(
    cached_identity(agent_backend::anthropic, "", limits), answers);
  auto a = setup_for(cache, limits);
  a.from_cache = true;
  auto agent = spawn_agent(*replay.sys, std::move(a));
  auto again = replay.decide(agent, nullptr);
  INFO(again.error);
  REQUIRE(again.status == agent_status::ok);
  REQUIRE(again.result.decisions.size() == 1);
  CHECK(again.result.decisions[0].action == trade_action::buy);
  CHECK(again.result.cost_usd == 0);
  CHECK(endpoint->requests().size() == 1); // nothing was sent
  caf::scoped_actor self{*replay.sys, true};
  auto rh = self->request(agent, caf::infinite, atom::status_v);
  replay.sched->run();
  rh.receive(
    [&](status_report& st) {
      CHECK(model_cache_summary(st)
            == "model cache: 1 of 1 prompts answered from the journal, 0 missed (the evaluator "
               "decided those)");
    },
    [&](caf::error& err) { FAIL(replay.sys->render(err)); });
  caf::anon_send_exit(agent, caf::exit_reason::user_shutdown);
}

// -- the agent service's factory in a backtest ----------------------------------

namespace {

/// The agent service of a backtest node on the Anthropic backend, its
/// data directory a fresh one, on the test scheduler.
struct backtest_service {
  backtest_system bt;
  temp_dir dir;
  node_config cfg;

  backtest_service() {
    cfg.node.mode = run_mode::backtest;
    cfg.node.data_dir = dir.path().string();
    cfg.market.symbols = {"BTCUSDT"};
    cfg.section<agent_config>().backend = agent_backend::anthropic;
  }

  agent_config& agent() {
    return cfg.section<agent_config>();
  }

  /// The service factory's result, given the driver's bridge `external`.
  caf::expected<caf::actor> spawn(std::shared_ptr<external_calls> external = nullptr) {
    service_context ctx{*bt.sys, cfg, nullptr, std::move(external)};
    return agent_service().spec.spawn(ctx);
  }

  std::string render(const caf::error& err) {
    return bt.sys->render(err);
  }
};

} // namespace

TEST_CASE_METHOD(backtest_service,
                 "backtest service: cache from the backtest's own journal, a miss counted") {
  // An earlier run's journal, with no answer to this prompt.
  write_journal(journal_path(cfg.node.data_dir), {});
  CHECK_THAT(agent_summary(cfg)[0], Catch::Contains(journal_path(cfg.node.data_dir)));
  auto hdl = spawn();
  REQUIRE(hdl);
  auto agent = caf::actor_cast<agent_actor>(*hdl);
  auto miss = bt.decide(agent, nullptr);
  CHECK(miss.status == agent_status::not_cached);
  CHECK_THAT(miss.error, Catch::StartsWith("no journaled answer for prompt"));
  caf::anon_send_exit(agent, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(backtest_service, "backtest service: what the factory refuses") {
  SECTION("a cache journal that is no journal") {
    std::ofstream{dir.file("notes.txt")} << "not a journal at all, only some words in a file";
    agent().cache_journals = {dir.file("notes.txt")};
    auto hdl = spawn();
    REQUIRE_FALSE(hdl);
    CHECK_THAT(render(hdl.error()), Catch::Contains("notes.txt"));
  }
  SECTION("live without the driver's bridge") {
    agent().backtest = agent_backtest_mode::live;
    auto hdl = spawn();
    REQUIRE_FALSE(hdl);
    CHECK_THAT(render(hdl.error()), Catch::Contains("external_calls"));
  }
  SECTION("live over HTTP without the network thread") {
    agent().backtest = agent_backtest_mode::live;
    auto hdl = spawn(std::make_shared<external_calls>());
    REQUIRE_FALSE(hdl);
    CHECK_THAT(render(hdl.error()), Catch::Contains("needs the network thread"));
  }
}
