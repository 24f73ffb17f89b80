// The model cache end to end: a whole backtest with agent.backtest live
// against the in-process llm-endpoint (the Anthropic wire format over
// loopback TLS), then the same run with agent.backtest cache reading the
// journal it wrote. The cached run answers every prompt from that journal,
// sends the endpoint nothing and trades and decides byte for byte as the
// live run did. A run whose prompts changed (a longer period) counts its
// misses honestly: the terminal, the report and the journal agree.

#include "actors/agent/agent_config.hpp"
#include "runtime/net/io_thread.hpp"
#include "test/integration/agent/backend_fixture.hpp"
#include "test/integration/net/net_test_util.hpp"
#include "test/unit/backtest/backtest_fixture.hpp"
#include "tools/llm-endpoint/endpoint.hpp"

#include <array>
#include <cstdlib>
#include <optional>
#include <regex>

using namespace tn;
using namespace tn::test_backtest;
using net::test::pki;

namespace {

/// The environment variable the runs read their (test) API key from.
constexpr const char* key_env = "TN_MODEL_CACHE_TEST_KEY";

/// A decision for BTCUSDT: `action` toward `position_pct` of equity.
std::string decision(const std::string& action, const std::string& position_pct,
                     const std::string& reasoning) {
  return R"({"decisions":[{"symbol":"BTCUSDT","action":")" + action + R"(","position_pct":)"
         + position_pct + R"(,"signals":[{"name":"trend","direction":"bullish",)"
           R"("confidence":0.6}]}],"next_check_seconds":3600,"wake_conditions":[],)"
           R"("memory_update":"note","reasoning":")"
         + reasoning + R"("})";
}

llm::llm_step answer(const std::string& decision_json) {
  llm::llm_step s;
  s.decision_json = decision_json;
  s.usage.input_tokens = 1500;
  s.usage.output_tokens = 120;
  return s;
}

/// The decisions as the journal holds them, minus what measures the call
/// (latency, attempts, tokens, cost, its outcome as live or cached).
std::string decisions(const fs::path& journal) {
  return dump(journal, "SELECT id, ts_ns, source, trigger_reason, trigger_symbol, trigger_detail,"
                       " trigger_ts_ns, backend, model, prompt_hash, raw_response,"
                       " next_check_seconds, memory_update, reasoning, whole_rejected, rejected,"
                       " adjusted, symbol_decisions, wake_conditions, history_gaps"
                       " FROM decisions ORDER BY id");
}

/// The number in "model cache: H of T prompts answered from the journal,
/// M missed" of the run's log, each of H, T, M; -1 when the line is missing.
std::array<long, 3> cache_line(const std::string& log) {
  std::smatch m;
  static const std::regex line{
    R"(model cache: (\d+) of (\d+) prompts answered from the journal, (\d+) missed)"};
  if (!std::regex_search(log, m, line))
    return {-1, -1, -1};
  return {std::stol(m[1]), std::stol(m[2]), std::stol(m[3])};
}

struct model_runs {
  net::io_thread io;
  std::optional<llm::llm_endpoint> endpoint;

  model_runs() {
    test::start_endpoint(io, endpoint, true);
    ::setenv(key_env, "test-key", 1);
  }

  ~model_runs() {
    ::unsetenv(key_env);
    io.stop();
  }

  /// Six hours of the real BTCUSDT day (two before them the warm-up), the
  /// Anthropic backend pointed at the endpoint.
  node_config config(const fs::path& out, agent_backtest_mode mode,
                     const std::string& to = "2025-07-13T08:00") {
    auto cfg = test_backtest::config(out, "2025-07-13T02:00", to,
                                     {spot("BTCUSDT-1m-2025-07-13.csv")});
    auto& a = cfg.section<agent_config>();
    a.backend = agent_backend::anthropic;
    a.model = "claude-sonnet-4-5";
    a.base_url = endpoint->origin();
    a.ca_file = pki("ca.pem");
    a.auth_env = key_env;
    a.backtest = mode;
    a.backtest_budget_usd = 100;
    return cfg;
  }
};

} // namespace

TEST_CASE_METHOD(model_runs, "a live backtest's journal answers the same run from the cache, "
                             "with nothing sent and the same trades and decisions") {
  // The model buys a quarter of equity at its first decision and sells it
  // all at its fourth; the endpoint holds on every other request (its empty
  // queue's answer).
  endpoint->push(answer(decision("BUY", "0.25", "first")));
  endpoint->push(answer(llm::default_decision_json()));
  endpoint->push(answer(llm::default_decision_json()));
  endpoint->push(answer(decision("SELL", "0", "fourth")));

  auto live_out = fresh_dir("model-live");
  std::ostringstream live_log;
  auto live = backtest::run_backtest(config(live_out, agent_backtest_mode::live),
                                     service_table(), live_log, true);
  INFO(live_log.str());
  REQUIRE(live);
  auto live_journal = live_out / "journal.sqlite";
  auto n = count(live_journal, "decisions");
  auto sent = endpoint->requests().size();
  // Every decision was the model's, one request each, all answered.
  REQUIRE(n >= 4);
  CHECK(sent == n);
  CHECK(endpoint->pending_steps() == 0);
  CHECK(count(live_journal, "decisions WHERE source = 'model' AND model_outcome = 'ok'") == n);
  CHECK(live->model.mode == "live");
  CHECK(live->model.calls == n);
  CHECK(live->model.cost_usd > decimal{});
  // The model's buy and sell were filled.
  REQUIRE(live->fills.size() >= 2);
  auto live_trades = slurp(live_out / "trades.csv");
  auto live_decisions = decisions(live_journal);
  // Kept for the changed run below: the cached run moves this journal aside.
  auto answers = fresh_dir("model-answers");
  fs::create_directories(answers);
  fs::copy_file(live_journal, answers / "journal.sqlite");

  {
    // The same run from the cache, into the same directory with
    // agent.cache_journals empty: the cache reads the journal the live run
    // left there.
    std::ostringstream log;
    auto cached = backtest::run_backtest(config(live_out, agent_backtest_mode::cache),
                                         service_table(), log, true);
    INFO(log.str());
    REQUIRE(cached);
    CHECK(endpoint->requests().size() == sent); // nothing was sent
    auto journal = live_out / "journal.sqlite";
    CHECK(count(journal, "decisions") == n);
    CHECK(cache_line(log.str()) == std::array<long, 3>{long(n), long(n), 0});
    CHECK(cached->model.mode == "cache");
    CHECK(cached->model.cache_hits == n);
    CHECK(cached->model.cache_misses == 0);
    CHECK(cached->model.calls == 0);
    CHECK(cached->model.cost_usd == decimal{});
    auto report = slurp(live_out / "report.json");
    CHECK(report.find("\"cache_hits\":" + std::to_string(n)) != std::string::npos);
    CHECK(report.find("\"cache_misses\":0") != std::string::npos);
    // Byte for byte what the live run traded and decided.
    CHECK(slurp(live_out / "trades.csv") == live_trades);
    CHECK(decisions(journal) == live_decisions);
  }

  {
    // A run whose prompts changed counts its misses. Two hours more: the
    // prompts of the live run's six hours are asked again, the later ones
    // are new and the evaluator decides them.
    auto out = fresh_dir("model-changed");
    auto cfg = config(out, agent_backtest_mode::cache, "2025-07-13T10:00");
    cfg.section<agent_config>().cache_journals = {(answers / "journal.sqlite").string()};
    std::ostringstream log;
    auto changed = backtest::run_backtest(std::move(cfg), service_table(), log, true);
    INFO(log.str());
    REQUIRE(changed);
    CHECK(endpoint->requests().size() == sent);
    auto journal = out / "journal.sqlite";
    auto total = count(journal, "decisions");
    auto misses = count(journal, "decisions WHERE model_outcome LIKE 'not_cached%'");
    CHECK(misses > 0);
    CHECK(misses < total);
    CHECK(count(journal, "decisions WHERE source = 'evaluator'") >= misses);
    CHECK(changed->model.cache_misses == misses);
    CHECK(changed->model.cache_hits == total - misses);
    CHECK(cache_line(log.str()) == std::array<long, 3>{long(total - misses), long(total),
                                                        long(misses)});
    auto report = slurp(out / "report.json");
    CHECK(report.find("\"cache_misses\":" + std::to_string(misses)) != std::string::npos);
  }
}
