#include "runtime/startup_summary.hpp"

#include <catch2/catch.hpp>

TEST_CASE("startup summary of the embedded default names what runs against what") {
  tn::node_config cfg;
  cfg.market.symbols = {"BTCUSDT", "ETHUSDT"};
  auto lines = tn::startup_summary(cfg, "<embedded default>");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "mode paper, config <embedded default>, node tradenode");
  CHECK(lines[1]
        == "exchange: spot, REST https://127.0.0.1:18443, streams wss://127.0.0.1:18443 (this "
           "machine (e.g. tools/exchange-sim))");
  CHECK(lines[2] == "symbols: BTCUSDT, ETHUSDT");
}

TEST_CASE("startup summary says when real money is at stake") {
  tn::node_config cfg;
  cfg.node.mode = tn::run_mode::live;
  cfg.exchange.rest_url = "https://api.binance.com";
  CHECK_THAT(tn::startup_summary(cfg, "live.yaml")[1],
             Catch::EndsWith("(the real exchange: REAL MONEY)"));
  cfg.node.mode = tn::run_mode::paper;
  CHECK_THAT(tn::startup_summary(cfg, "p.yaml")[1],
             Catch::EndsWith("(the real exchange, market data only)"));
}
