#include "runtime/startup_summary.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

TEST_CASE("startup summary of the embedded default names everything a new user asks") {
  tn::node_config cfg;
  cfg.market.symbols = {"BTCUSDT", "ETHUSDT"};
  auto lines = tn::startup_summary(cfg, "<embedded default>");
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == "mode paper, config <embedded default>, node tradenode");
  CHECK(lines[1]
        == "exchange: spot, REST https://127.0.0.1:18443, streams wss://127.0.0.1:18443 (this "
           "machine (e.g. tools/exchange-sim))");
  CHECK(lines[2] == "symbols: BTCUSDT, ETHUSDT");
  CHECK(lines[3] == "decisions: the evaluator decides: no model configured (agent.backend: none)");
  CHECK(lines[4]
        == "first decision: at the next 4h candle close, a market move past the z-score "
           "thresholds, or at the latest 4h after start");
}

TEST_CASE("startup summary says when real money is at stake and who decides") {
  tn::node_config cfg;
  cfg.node.mode = tn::run_mode::live;
  cfg.exchange.rest_url = "https://api.binance.com";
  cfg.agent.backend = tn::agent_backend::anthropic;
  cfg.agent.model = "claude-sonnet-4-5";
  cfg.agent.base_url = "https://api.anthropic.com";
  cfg.agent.daily_budget_usd = 2.5;
  cfg.gate.symbol_intervals["BTCUSDT"] = tn::interval::h1;
  auto lines = tn::startup_summary(cfg, "live.yaml");
  CHECK_THAT(lines[1], Catch::EndsWith("(the real exchange: REAL MONEY)"));
  CHECK(lines[3]
        == "decisions: the model decides (anthropic, claude-sonnet-4-5 via "
           "https://api.anthropic.com, daily budget $2.50); the evaluator takes over while it "
           "is unavailable, failing or over budget");
  CHECK_THAT(lines[4], Catch::StartsWith("first decision: at the next 1h candle close"));
  cfg.node.mode = tn::run_mode::paper;
  CHECK_THAT(tn::startup_summary(cfg, "p.yaml")[1],
             Catch::EndsWith("(the real exchange, market data only)"));
}
