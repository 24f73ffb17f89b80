// The trader's lines of the start-up summary: who decides and when.

#include "actors/agent/agent_config.hpp"
#include "actors/gate/gate_config.hpp"
#include "actors/trader/decision_summary.hpp"

#include <catch2/catch.hpp>

TEST_CASE("decision summary of the embedded default: the evaluator, at the next 4h close") {
  tn::node_config cfg;
  cfg.market.symbols = {"BTCUSDT", "ETHUSDT"};
  auto lines = tn::decision_summary(cfg);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "decisions: the evaluator decides: no model configured (agent.backend: none)");
  CHECK(lines[1]
        == "first decision: at the next 4h candle close, a market move past the z-score "
           "thresholds, or at the latest 4h after start");
}

TEST_CASE("decision summary names the model, where it runs and its budget") {
  tn::node_config cfg;
  cfg.node.mode = tn::run_mode::live;
  auto& agent = cfg.section<tn::agent_config>();
  agent.backend = tn::agent_backend::anthropic;
  agent.model = "claude-sonnet-4-5";
  agent.base_url = "https://api.anthropic.com";
  agent.daily_budget_usd = 2.5;
  cfg.section<tn::gate_config>().symbol_intervals["BTCUSDT"] = tn::interval::h1;
  auto lines = tn::decision_summary(cfg);
  CHECK(lines[0]
        == "decisions: the model decides (anthropic, claude-sonnet-4-5 via "
           "https://api.anthropic.com, daily budget $2.50); the evaluator takes over while it "
           "is unavailable, failing or over budget");
  CHECK_THAT(lines[1], Catch::StartsWith("first decision: at the next 1h candle close"));
  cfg.node.mode = tn::run_mode::backtest;
  CHECK(tn::decision_summary(cfg).size() == 1);
}
