// The decision loop's sections: gate, agent, breaker, trader, evaluator.

#include "config_test_util.hpp"

#include "actors/agent/agent_config.hpp"
#include "actors/agent/agent_service.hpp"
#include "actors/trader/decision_summary.hpp"
#include "actors/evaluator/evaluator_config.hpp"
#include "actors/gate/gate_config.hpp"
#include "actors/trader/trader_config.hpp"

#include <cmath>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

TEST_CASE("decision sections: defaults without the sections") {
  auto cfg = accepted("market: {symbols: [BTCUSDT]}\n");
  CHECK(cfg.section<gate_config>().style == trading_style::swing);
  CHECK(cfg.section<gate_config>().max_check == 4h);
  CHECK(cfg.section<agent_config>().backend == agent_backend::none);
  CHECK(cfg.section<agent_config>().timeout == 120s);
  CHECK(std::isnan(cfg.section<agent_config>().temperature));
  CHECK(cfg.breaker.failures == 3);
  CHECK(cfg.breaker.open_for == 15min);
  CHECK(cfg.section<trader_config>().safety.stop_loss == Approx(0.04));
  CHECK(cfg.section<trader_config>().safety.trailing_stop == Approx(0.12));
  CHECK(cfg.section<evaluator_config>().weights.trend == Approx(0.30));
}

TEST_CASE("decision sections: gate keys, style intervals and symbol overrides") {
  auto cfg = accepted(R"(
market: {symbols: [BTCUSDT, ETH/USDT]}
gate:
  style: daily
  intervals: {swing: 1h, daily: 4h}
  symbol_intervals: {ETH/USDT: 1h}
  min_check: 10m
  max_check: 2h
  zscore_window: 120
  zscore_min_samples: 30
  zscore_price_threshold: 5
  zscore_volume_threshold: 8
  cooldown: 20m
  min_spacing: 2m
  max_decisions_per_day: 24
  funding_threshold: 0.001
  funding_lead: 15m
)");
  CHECK(cfg.section<gate_config>().style == trading_style::daily);
  CHECK(cfg.section<gate_config>().close_interval("BTCUSDT") == interval::h4);
  CHECK(cfg.section<gate_config>().close_interval("ETHUSDT") == interval::h1);
  CHECK(cfg.section<gate_config>().min_check == 10min);
  CHECK(cfg.section<gate_config>().zscore_window == 120);
  CHECK(cfg.section<gate_config>().max_decisions_per_day == 24);
  CHECK(cfg.section<gate_config>().funding_threshold == 0.001);
  CHECK(cfg.section<gate_config>().funding_lead == 15min);
}

TEST_CASE("decision sections: refusals name the key") {
  CHECK_THAT(refusal("gate: {symbol_intervals: {SOLUSDT: 1h}}\n"),
             Catch::Contains("gate.symbol_intervals.SOLUSDT: symbol 'SOLUSDT' is not in "
                             "market.symbols"));
  CHECK_THAT(refusal("gate: {intervals: {swing: 2h}}\n"),
             Catch::Contains("gate.intervals.swing: expected one of 1m|5m|15m|1h|4h|1d"));
  CHECK_THAT(refusal("gate: {min_check: 3h, max_check: 2h}\n"), Catch::Contains("gate.max_check"));
  CHECK_THAT(refusal("gate: {funding_threshold: 0.05}\n"),
             Catch::Contains("gate.funding_threshold"));
  CHECK_THAT(refusal("gate: {funding_lead: 9h}\n"), Catch::Contains("gate.funding_lead"));
  // A check across keys points at the key it names, in the key.path: reason shape.
  CHECK(refusal("gate:\n  min_check: 3h\n  max_check: 2h\n")
        == "t.yaml:3:14: gate.max_check: must not be less than gate.min_check");
  CHECK(refusal("evaluator:\n  weights: {trend: 0, momentum: 0, volatility: 0, volume: 0, regime: 0}\n")
        == "t.yaml:2:12: evaluator.weights: at least one weight must be positive");
  CHECK_THAT(refusal("market: {symbols: [BTCUSDT]}\ngate:\n  max_decisions_per_day: 24\n"
                     "  symbol_intervals: {BTCUSDT: 15m}\n"),
             Catch::Contains("t.yaml:4:21: gate.symbol_intervals.BTCUSDT: 15m closes 96 bars"));
  CHECK_THAT(refusal("agent: {backend: openai}\n"),
             Catch::Contains("agent.base_url: the openai backend needs the server's URL"));
  CHECK_THAT(refusal("agent: {backend: gemini}\n"),
             Catch::Contains("agent.backend: expected one of none|anthropic|openai|claude-cli"));
  CHECK_THAT(refusal("agent: {auth_env: sk-ant-123}\n"),
             Catch::Contains("agent.auth_env: must name an environment variable"));
  CHECK_THAT(refusal("agent: {cache_ttl: 10m}\n"), Catch::Contains("agent.cache_ttl"));
  CHECK_THAT(refusal("agent: {api_key: abc}\n"), Catch::Contains("ANTHROPIC_API_KEY"));
  CHECK_THAT(refusal("agent: {prices: {my-model: {input_per_mtok: 1}}}\n"),
             Catch::Contains("agent.prices.my-model: needs input_per_mtok and output_per_mtok"));
  CHECK_THAT(refusal("breaker: {failures: 0}\n"), Catch::Contains("breaker.failures: out of range"));
  CHECK_THAT(refusal("trader: {prompt_intervals: [4h, 1d]}\n"),
             Catch::Contains("trader.prompt_intervals: must include 1h"));
  CHECK_THAT(refusal("trader: {prompt_intervals: [1h, 1h]}\n"),
             Catch::Contains("duplicate interval 1h"));
  CHECK_THAT(refusal("trader: {safety: {stop_loss: 0.9}}\n"),
             Catch::Contains("trader.safety.stop_loss: out of range"));
  CHECK_THAT(refusal("evaluator: {weights: {trend: -1}}\n"),
             Catch::Contains("evaluator.weights.trend: out of range"));
}

TEST_CASE("decision sections: agent backends") {
  auto anthropic = accepted("agent: {backend: anthropic, model: claude-haiku-4-5, "
                            "daily_budget_usd: 2.5, temperature: 0.2, cache_ttl: 1h}\n",
                            fake_env({{"ANTHROPIC_API_KEY", "k"}}));
  CHECK(anthropic.section<agent_config>().backend == agent_backend::anthropic);
  CHECK(anthropic.section<agent_config>().base_url == "https://api.anthropic.com");
  CHECK(anthropic.section<agent_config>().daily_budget_usd == Approx(2.5));
  CHECK(anthropic.section<agent_config>().temperature == Approx(0.2));
  auto openai = accepted("agent: {backend: openai, base_url: 'http://127.0.0.1:11434', "
                         "model: qwen3, openai_tool_call: true, "
                         "prices: {qwen: {input_per_mtok: 0, output_per_mtok: 0}}}\n");
  CHECK(openai.section<agent_config>().backend == agent_backend::openai);
  CHECK(openai.section<agent_config>().openai_tool_call);
  REQUIRE(openai.section<agent_config>().prices.size() == 1);
  CHECK(openai.section<agent_config>().prices[0].model_prefix == "qwen");
  auto cli = accepted("agent: {backend: claude-cli, cli_executable: /opt/claude/bin/claude}\n");
  CHECK(cli.section<agent_config>().backend == agent_backend::claude_cli);
  CHECK(cli.section<agent_config>().cli_executable == "/opt/claude/bin/claude");
  CHECK(cli.section<agent_config>().cli_env.empty());
  CHECK_FALSE(cli.section<agent_config>().subscription_in_budget);
}

TEST_CASE("decision sections: claude-cli passes cli_env and refuses the API's settings") {
  auto cli = accepted("agent: {backend: claude-cli, auth_env: MY_KEY, subscription_in_budget: "
                      "true, cli_env: [ANTHROPIC_BASE_URL, HTTPS_PROXY, NODE_EXTRA_CA_CERTS]}\n");
  CHECK(cli.section<agent_config>().auth_env == "MY_KEY");
  CHECK(cli.section<agent_config>().subscription_in_budget);
  CHECK(cli.section<agent_config>().cli_env
        == std::vector<std::string>{"ANTHROPIC_BASE_URL", "HTTPS_PROXY", "NODE_EXTRA_CA_CERTS"});
  // Before: accepted and silently ignored.
  for (auto key : {"base_url: 'https://api.anthropic.com'", "ca_file: /etc/ca.pem",
                   "max_retries: 4", "max_tokens: 4096", "temperature: 0.3", "cache_ttl: 1h",
                   "openai_tool_call: true"}) {
    std::string name{key, std::string_view{key}.find(':')};
    INFO(name);
    CHECK_THAT(refusal(std::string{"agent: {backend: claude-cli, "} + key + "}\n"),
               Catch::Contains("agent." + name + ": does not apply to the claude-cli backend"));
  }
  // Spelled with their defaults, as configs/default.yaml does, they change nothing.
  accepted("agent: {backend: claude-cli, base_url: '', ca_file: '', max_retries: 2, "
           "max_tokens: 2048, cache_ttl: 5m, openai_tool_call: false}\n");
  CHECK_THAT(refusal("agent: {backend: claude-cli, cli_env: [ANTHROPIC_API_KEY]}\n"),
             Catch::Contains("agent.cli_env[0]: ANTHROPIC_API_KEY is a credential: name it in "
                             "agent.auth_env"));
  CHECK_THAT(refusal("agent: {backend: claude-cli, cli_env: ['A=B']}\n"),
             Catch::Contains("must name an environment variable"));
}

TEST_CASE("decision sections: the model's key never travels in clear text off loopback") {
  auto keyed = fake_env({{"ANTHROPIC_API_KEY", "k"}, {"OPENAI_KEY", "k"}});
  for (auto mode : {"paper", "testnet", "backtest"}) {
    INFO(mode);
    auto yaml = std::string{"node: {mode: "} + mode + "}\n";
    CHECK_THAT(refusal(yaml + "agent: {backend: anthropic, base_url: 'http://10.1.2.3:8080'}\n", keyed),
               Catch::Contains("agent.base_url: the API key in $ANTHROPIC_API_KEY would travel in "
                               "clear text to 10.1.2.3: use https"));
    CHECK_THAT(refusal(yaml + "agent: {backend: openai, auth_env: OPENAI_KEY, "
                              "base_url: 'http://llm.example.org'}\n",
                       keyed),
               Catch::Contains("agent.base_url: the API key in $OPENAI_KEY would travel in clear "
                               "text to llm.example.org"));
    // Loopback stays plain-HTTP friendly (a local endpoint, an SSH tunnel).
    accepted(yaml + "agent: {backend: anthropic, base_url: 'http://127.0.0.1:9'}\n", keyed);
    accepted(yaml + "agent: {backend: anthropic, base_url: 'http://[::1]:9'}\n", keyed);
    accepted(yaml + "agent: {backend: anthropic, base_url: 'http://localhost:9'}\n", keyed);
    // An openai server without a key (Ollama on the LAN) carries no secret.
    accepted(yaml + "agent: {backend: openai, auth_env: NO_SUCH_KEY, "
                    "base_url: 'http://192.168.1.5:11434'}\n",
             keyed);
  }
}

TEST_CASE("decision sections: a backend whose key is unset is refused at start") {
  CHECK_THAT(refusal("agent: {backend: anthropic, auth_env: MY_KEY}\n"),
             Catch::StartsWith("t.yaml:1:")
               && Catch::Contains("agent.auth_env: the anthropic backend needs an API key in $MY_KEY, "
                                  "which is not set"));
  CHECK_THAT(refusal("agent: {backend: anthropic}\n", fake_env({{"ANTHROPIC_API_KEY", ""}})),
             Catch::Contains("agent.auth_env: the anthropic backend needs an API key in "
                             "$ANTHROPIC_API_KEY, which is not set"));
  // Local OpenAI-compatible servers often need no key.
  accepted("agent: {backend: openai, base_url: 'http://127.0.0.1:11434'}\n");
}

// -- the model in a backtest (agent.backtest) --------------------------------

namespace {

const std::string local_model = "  backend: openai\n  base_url: 'http://127.0.0.1:11434'\n  model: qwen3\n";

std::string backtest_yaml(const std::string& agent_keys) {
  return "node: {mode: backtest}\nagent:\n" + local_model + agent_keys;
}

} // namespace

TEST_CASE("decision sections: agent.backtest defaults to the cache of the backtest's own journal") {
  auto cfg = accepted(backtest_yaml(""));
  auto& a = cfg.section<agent_config>();
  CHECK(a.backtest == agent_backtest_mode::cache);
  CHECK(a.cache_journals.empty());
  CHECK(a.backtest_budget_usd == Approx(5));
  CHECK(agent_runs(cfg));
  CHECK(model_decides(a, true));
  auto lines = agent_summary(cfg);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("model in this backtest: cache, the earlier answers of "
                                         "openai qwen3 from "));
  // Outside a backtest the agent runs as ever and says nothing of this.
  auto paper = accepted("agent:\n" + local_model + "  backtest: off\n");
  CHECK(agent_runs(paper));
  CHECK(model_decides(paper.section<agent_config>(), false));
  CHECK(agent_summary(paper).empty());
}

TEST_CASE("decision sections: agent.backtest off and none leave the evaluator, the agent does not run") {
  auto off = accepted(backtest_yaml("  backtest: off\n"));
  CHECK_FALSE(agent_runs(off));
  CHECK_FALSE(model_decides(off.section<agent_config>(), true));
  CHECK(agent_summary(off)
        == std::vector<std::string>{
          "model in this backtest: off (agent.backtest); the evaluator decides"});
  CHECK(decision_summary(off)[0]
        == "decisions: the evaluator decides: the model is off in backtests (agent.backtest: off)");
  auto none = accepted("node: {mode: backtest}\n");
  CHECK_FALSE(agent_runs(none));
  CHECK_THAT(agent_summary(none)[0], Catch::Contains("agent.backend: none"));
}

TEST_CASE("decision sections: agent.backtest live, its budget and journals") {
  auto live = accepted(backtest_yaml("  backtest: live\n  backtest_budget_usd: 12.5\n"));
  CHECK(live.section<agent_config>().backtest == agent_backtest_mode::live);
  CHECK(live.section<agent_config>().backtest_budget_usd == Approx(12.5));
  CHECK(agent_runs(live));
  CHECK_THAT(agent_summary(live)[0], Catch::Contains("$12.50 for the whole run"));
  auto journal = std::string{TN_CONFIGS_DIR} + "/default.yaml"; // any existing file
  auto cached = accepted(backtest_yaml("  cache_journals: ['" + journal + "']\n"));
  CHECK(cached.section<agent_config>().cache_journals == std::vector<std::string>{journal});
  CHECK_THAT(agent_summary(cached)[0], Catch::Contains(journal));
}

TEST_CASE("decision sections: agent.backtest refusals name the key") {
  CHECK_THAT(refusal(backtest_yaml("  backtest: replay\n")),
             Catch::Contains("agent.backtest: expected one of cache|live|off"));
  CHECK_THAT(refusal(backtest_yaml("  cache_journals: [/nonexistent/journal.sqlite]\n")),
             Catch::Contains("agent.cache_journals[0]: no journal file at "
                             "/nonexistent/journal.sqlite"));
  CHECK_THAT(refusal(backtest_yaml("  backtest_budget_usd: -1\n")),
             Catch::Contains("agent.backtest_budget_usd"));
  CHECK_THAT(refusal("node: {mode: backtest}\nagent: {backtest: live}\n"),
             Catch::Contains("agent.backtest: live calls the model, but agent.backend is none"));
  // A missing journal matters only to a backtest's cache.
  accepted("agent: {cache_journals: [/nonexistent/journal.sqlite]}\n");
}
