// The model in a backtest, on the test scheduler: the agent answering from
// the model cache inside the decision loop (hits reproduce the recorded
// run at no cost, misses go to the evaluator without touching the
// breaker), the whole-run budget, and results from a foreign thread
// delivered through external_calls by the driver's thread. The cache reads
// a recorded run's answers from a journal file, as in a backtest.

#include "loop_fixture.hpp"

#include "actors/agent/agent_actor.hpp"
#include "actors/agent/anthropic_wire.hpp"
#include "actors/agent/cache_backend.hpp"
#include "actors/agent/cost.hpp"
#include "actors/agent/prompt_hash.hpp"
#include "actors/evaluator/evaluator_actor.hpp"
#include "actors/trader/trader_actor.hpp"
#include "messages/breaker.hpp"
#include "runtime/config/config.hpp"
#include "runtime/external_calls.hpp"
#include "runtime/supervisor.hpp"
#include "test/unit/agent/answer_journal.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <algorithm>
#include <thread>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {


// What the Anthropic API sends for a forced tool call with `input`.
std::string anthropic_body(const std::string& input) {
  return R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",)"
         R"("content":[{"type":"tool_use","id":"toolu_1","name":"submit_decision","input":)"
         + input
         + R"(}],"stop_reason":"tool_use","usage":{"input_tokens":1000,"output_tokens":200}})";
}

// The live answer as the scripted backend returns it: parsed reply and raw body.
model_response recorded(const std::string& action, const std::string& memory) {
  auto r = ok_response(decision_json(action, 0.25, memory));
  r.raw = anthropic_body(decision_json(action, 0.25, memory));
  return r;
}

// The scripted backend's identity (fakes.hpp), so the cache hashes as it did.
cached_backend_identity scripted_identity() {
  return {"anthropic", "claude-sonnet-4-5", "{}", decision_tool_name, parse_anthropic_response};
}

/// The decision loop (loop_fixture.hpp) with the given agent.
struct model_loop : loop_fixture {
  explicit model_loop(agent_setup a) : loop_fixture(with_prompt(std::move(a))) {
  }

  static agent_setup with_prompt(agent_setup a) {
    a.system_prompt = "You decide.";
    return a;
  }

  status_report agent_status() {
    return ask<status_report>(agent, atom::status_v);
  }
};

/// An event log that keeps what it is sent.
event_log_actor::behavior_type recording_log(event_log_actor::pointer,
                                             std::shared_ptr<std::vector<event>> out) {
  return {
    [out](atom::publish, event& e) { out->push_back(std::move(e)); },
    [out](atom::events, const std::string&) { return *out; },
    [](atom::time, timestamp) {},
    [](atom::announce, const std::string&, const caf::strong_actor_ptr&) {},
    [](atom::status) { return status_report{}; },
  };
}

/// A recorded run: two decisions of the scripted model, as journaled.
std::vector<decision_record> record_run() {
  auto script = std::make_shared<scripted_backend::shared>();
  script->script.push_back(recorded("BUY", "bought the breakout"));
  script->script.push_back(recorded("HOLD", "holding"));
  agent_setup a;
  a.backend = std::make_shared<scripted_backend>(script);
  a.daily_budget_usd = 100;
  model_loop live{std::move(a)};
  live.pass(t0);
  live.pass(t0 + 1h);
  return live.journal->rows;
}

agent_setup cache_setup(std::shared_ptr<journaled_answers> answers) {
  agent_setup a;
  a.backend = std::make_shared<cache_backend>(scripted_identity(), std::move(answers));
  a.from_cache = true;
  a.restore_spend = false;
  a.daily_budget_usd = std::numeric_limits<double>::infinity();
  return a;
}

} // namespace

TEST_CASE("backtest model: the cache replays a recorded run, misses go to the evaluator") {
  auto rows = record_run();
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].model_outcome == "ok");
  REQUIRE(rows[0].chosen.cost_usd > 0);
  temp_dir dir;
  model_loop replay{cache_setup(journaled(dir.file("recorded.sqlite"), rows))};

  // The same passes ask the same prompts: the recorded answers, at no cost.
  for (size_t i = 0; i < 2; ++i) {
    auto& rec = replay.pass(t0 + static_cast<int64_t>(i) * 1h);
    CHECK(rec.chosen.source == decision_source::model);
    CHECK(rec.model_outcome == "ok");
    CHECK(rec.chosen.prompt_hash == rows[i].chosen.prompt_hash);
    CHECK(rec.raw_response == rows[i].raw_response);
    CHECK(rec.chosen.decisions.size() == rows[i].chosen.decisions.size());
    CHECK(rec.chosen.memory_update == rows[i].chosen.memory_update);
    CHECK(rec.chosen.cost_usd == 0);
    CHECK(rec.chosen.usage.input_tokens == 0);
  }
  CHECK(replay.journal->rows[0].chosen.decisions[0].action == trade_action::buy);

  // Prompts never recorded: three misses, each decided by the evaluator.
  for (int i = 2; i < 5; ++i) {
    auto& rec = replay.pass(t0 + i * 1h);
    CHECK(rec.chosen.source == decision_source::evaluator);
    CHECK_THAT(rec.model_outcome, Catch::StartsWith("not_cached: no journaled answer for prompt"));
  }
  // Three misses in a row are no failures: the breaker stays closed.
  auto b = replay.breaker();
  CHECK(b.state == breaker_state::closed);
  CHECK(b.consecutive_failures == 0);
  CHECK(b.times_opened == 0);

  auto st = replay.agent_status();
  CHECK(st.counters.at("cache_hits") == 2);
  CHECK(st.counters.at("cache_misses") == 3);
  CHECK(st.counters.at("failed") == 0);
  CHECK(model_cache_summary(st)
        == "model cache: 2 of 5 prompts answered from the journal, 3 missed (the evaluator "
           "decided those)");
}

TEST_CASE("backtest model: a replayed run journals what the next replay hits again") {
  auto rows = record_run();
  temp_dir dir;
  std::vector<decision_record> second;
  {
    model_loop replay{cache_setup(journaled(dir.file("recorded.sqlite"), rows))};
    replay.pass(t0);
    replay.pass(t0 + 1h);
    second = replay.journal->rows;
  }
  model_loop third{cache_setup(journaled(dir.file("replayed.sqlite"), second))};
  third.pass(t0);
  third.pass(t0 + 1h);
  auto st = third.agent_status();
  CHECK(st.counters.at("cache_hits") == 2);
  CHECK(st.counters.at("cache_misses") == 0);
  CHECK(third.journal->rows[1].raw_response == rows[1].raw_response);
}

TEST_CASE("backtest model: no cache counters outside the cache, no summary line") {
  auto script = std::make_shared<scripted_backend::shared>();
  agent_setup a;
  a.backend = std::make_shared<scripted_backend>(script);
  model_loop live{std::move(a)};
  auto st = live.agent_status();
  CHECK(st.counters.count("cache_hits") == 0);
  CHECK(model_cache_summary(st).empty());
}

TEST_CASE("backtest model: the whole-run budget stops calls once spent") {
  // Each scripted call costs 1000*3e-6 + 200*15e-6 = 0.006 USD.
  auto script = std::make_shared<scripted_backend::shared>();
  for (int i = 0; i < 4; ++i)
    script->script.push_back(recorded("HOLD", ""));
  agent_setup a;
  a.backend = std::make_shared<scripted_backend>(script);
  a.daily_budget_usd = std::numeric_limits<double>::infinity();
  a.run_budget_usd = 0.01;
  a.restore_spend = false;
  model_loop run{std::move(a)};
  auto events = std::make_shared<std::vector<event>>();
  run.self->send(run.agent, atom::announce_v, std::string{"event_log"},
                 ptr(run.sys.spawn(recording_log, events)));
  run.sched.run();
  CHECK(run.pass(t0).chosen.source == decision_source::model);
  CHECK(run.pass(t0 + 1h).chosen.source == decision_source::model); // 0.012: spent
  // Days later in replay time the run's budget is still spent.
  for (int day = 1; day < 3; ++day) {
    auto& rec = run.pass(t0 + day * 24h);
    CHECK(rec.chosen.source == decision_source::evaluator);
    CHECK_THAT(rec.model_outcome,
               Catch::Contains("the backtest's model budget of 0.0100 USD is spent"));
  }
  CHECK(script->calls.size() == 2);
  CHECK(run.breaker().state == breaker_state::closed);
  // Said once, when the budget ran out.
  auto told = std::count_if(events->begin(), events->end(), [](const event& e) {
    return e.text.find("the backtest's model budget") != std::string::npos;
  });
  CHECK(told == 1);
  CHECK(std::any_of(events->begin(), events->end(), [](const event& e) {
    return e.text == "the backtest's model budget of 0.0100 USD is spent (0.0120); the evaluator "
                     "decides the rest of the run";
  }));
  auto st = run.agent_status();
  CHECK(st.counters.at("budget_refusals") == 2);
  CHECK(st.facts.at("run_spent_usd") == "0.0120");
  CHECK(st.facts.at("run_budget_usd") == "0.0100");
}

namespace {

/// Answers each call on a thread of its own, as the I/O thread would.
class threaded_backend : public fake_anthropic {
public:
  ~threaded_backend() override {
    for (auto& t : threads_)
      t.join();
  }
  std::string reauthenticate() override {
    return {};
  }
  void call(model_call, std::function<void(model_response)> done) override {
    threads_.emplace_back([done] { done(recorded("BUY", "from another thread")); });
  }

private:
  std::vector<std::thread> threads_;
};

} // namespace

TEST_CASE("backtest model: a live result from a foreign thread arrives through the driver") {
  auto bridge = std::make_shared<external_calls>();
  agent_setup a;
  a.backend = std::make_shared<threaded_backend>();
  a.daily_budget_usd = 100;
  a.external = bridge;
  a.restore_spend = false;
  model_loop run{std::move(a)};
  auto before = run.journal->rows.size();
  run.self->send(run.trader, atom::pass_v, gate_pass{"", pass_reason::timer, "timer due", t0});
  run.sched.run();
  // The scheduler is idle, the call in flight: nothing reached the actors.
  CHECK(run.journal->rows.size() == before);
  CHECK(bridge->pending() == 1);
  // The driver waits for the result and delivers it on its own thread.
  while (bridge->pending() > 0) {
    REQUIRE(bridge->run_one(30s));
    run.sched.run();
  }
  REQUIRE(run.journal->rows.size() == before + 1);
  auto& rec = run.journal->rows.back();
  CHECK(rec.chosen.source == decision_source::model);
  CHECK(rec.chosen.memory_update == "from another thread");
  CHECK(rec.chosen.cost_usd > 0);
}
