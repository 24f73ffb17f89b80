// Refusals by class: keys, syntax, files, symbols, cross-key rules, the
// environment, secrets and live trading. Each asserts the whole message,
// FILE:LINE:COLUMN: KEY.PATH: reason.

#include "config_test_util.hpp"

#include <catch2/catch.hpp>

using tn::test::fake_env;
using tn::test::message_of;
using tn::test::refusal;

TEST_CASE("an unknown key is refused with the nearest known key") {
  CHECK(refusal("node:\n"
                "  mode: paper\n"
                "  heartbeat_intervl: 30s\n")
        == "t.yaml:3:3: node.heartbeat_intervl: unknown key (did you mean 'heartbeat_interval'?)");
  CHECK(refusal("nodes:\n"
                "  mode: paper\n")
        == "t.yaml:1:1: nodes: unknown key (did you mean 'node'?)");
}

TEST_CASE("an unknown key far from every known one lists the known keys") {
  CHECK(refusal("watchdog:\n"
                "  no_data: 5m\n"
                "  frobnicate: 1\n")
        == "t.yaml:3:3: watchdog.frobnicate: unknown key (known keys: no_data)");
  CHECK(refusal("market:\n"
                "  reconnect:\n"
                "    ceiling: 1s\n")
        == "t.yaml:3:5: market.reconnect.ceiling: unknown key (known keys: initial, max, jitter)");
}

TEST_CASE("a duplicate key is refused") {
  CHECK(refusal("node:\n"
                "  mode: paper\n"
                "  name: a\n"
                "  mode: backtest\n")
        == "t.yaml:4:3: node.mode: duplicate key (first at line 2)");
}

TEST_CASE("a YAML syntax error gives the parser's position") {
  CHECK(refusal("node:\n"
                "  mode: [paper\n"
                "market:\n")
        == "t.yaml:3:7: syntax error: end of sequence flow not found");
  CHECK(refusal("node:\n"
                "  mode: paper: live\n")
        == "t.yaml:2:14: syntax error: illegal map value");
}

TEST_CASE("more than one YAML document is refused") {
  CHECK(refusal("node:\n"
                "  mode: paper\n"
                "---\n"
                "node:\n"
                "  mode: live\n")
        == "t.yaml:4:1: expected one YAML document, found 2");
}

TEST_CASE("a missing file is refused with the system's reason") {
  auto cfg = tn::load_config_file("/nonexistent/tradenode.yaml", tn::test::node_sections(),
                                  fake_env());
  REQUIRE_FALSE(cfg);
  CHECK(message_of(cfg.error())
        == "/nonexistent/tradenode.yaml: cannot open: No such file or directory");
}

TEST_CASE("a directory instead of a file is refused") {
  auto cfg = tn::load_config_file(TN_CONFIGS_DIR, tn::test::node_sections(), fake_env());
  REQUIRE_FALSE(cfg);
  CHECK(message_of(cfg.error())
        == std::string{TN_CONFIGS_DIR} + ": cannot read: is a directory, expected a YAML file");
}

TEST_CASE("a config without settings is refused, not silently the defaults") {
  for (auto text : {"", "\n\n", "# nothing but a comment\n", "---\n"}) {
    CAPTURE(text);
    CHECK(refusal(text)
          == "t.yaml: the file holds no settings (it is empty or only comments); leave out "
             "--config to run the embedded default");
  }
}

TEST_CASE("a data_dir that is a file is refused") {
  CHECK(refusal("node:\n  data_dir: " + std::string{TN_CONFIGS_DIR} + "/default.yaml\n")
        == "t.yaml:2:13: node.data_dir: " + std::string{TN_CONFIGS_DIR}
             + "/default.yaml is a file, not a directory");
}

TEST_CASE("an empty symbol list is refused") {
  CHECK(refusal("market:\n"
                "  symbols: []\n")
        == "t.yaml:2:12: market.symbols: the list is empty; name at least one symbol, e.g. "
           "[BTCUSDT]");
}

TEST_CASE("symbols that are the same after normalisation are refused") {
  CHECK(refusal("market:\n"
                "  symbols: [BTCUSDT, ETHUSDT, btc/usdt]\n")
        == "t.yaml:2:31: market.symbols[2]: duplicate symbol 'btc/usdt' (BTCUSDT, already "
           "listed as market.symbols[0])");
  CHECK(refusal("market:\n"
                "  symbols:\n"
                "    - ETH/USDT\n"
                "    - ETH/USDT:USDT\n")
        == "t.yaml:4:7: market.symbols[1]: duplicate symbol 'ETH/USDT:USDT' (ETHUSDT, already "
           "listed as market.symbols[0])");
}

TEST_CASE("a malformed symbol is refused") {
  CHECK(refusal("market:\n"
                "  symbols: [BTCUSDT, BTC-USDT]\n")
        == "t.yaml:2:22: market.symbols[1]: invalid symbol 'BTC-USDT': write it as BTCUSDT, "
           "BTC/USDT or BTC/USDT:USDT (5 to 20 letters and digits without '/' and ':SETTLE')");
  CHECK(refusal("market:\n"
                "  symbols: [BTC]\n")
        == "t.yaml:2:13: market.symbols[0]: invalid symbol 'BTC': write it as BTCUSDT, "
           "BTC/USDT or BTC/USDT:USDT (5 to 20 letters and digits without '/' and ':SETTLE')");
}

TEST_CASE("an initial backoff above the max is refused") {
  CHECK(refusal("market:\n"
                "  reconnect:\n"
                "    initial: 2s\n"
                "    max: 1s\n")
        == "t.yaml:3:14: market.reconnect.initial: initial backoff 2s is greater than max 1s");
  // Only max given: the default initial (100ms) is compared with it.
  CHECK(refusal("supervisor:\n"
                "  backoff:\n"
                "    max: 50ms\n")
        == "t.yaml:3:10: supervisor.backoff.max: initial backoff 100ms is greater than max "
           "50ms");
}

TEST_CASE("jitter outside [0,1] is refused") {
  CHECK(refusal("market:\n"
                "  reconnect:\n"
                "    jitter: 1.5\n")
        == "t.yaml:3:13: market.reconnect.jitter: out of range: must be in [0, 1], got 1.5");
  CHECK(refusal("supervisor:\n"
                "  backoff:\n"
                "    jitter: -0.1\n")
        == "t.yaml:3:13: supervisor.backoff.jitter: out of range: must be in [0, 1], got -0.1");
}

TEST_CASE("an unset environment variable without default is refused at its key") {
  CHECK(refusal("node:\n"
                "  data_dir: ${TN_DATA}/node\n")
        == "t.yaml:2:13: node.data_dir: environment variable TN_DATA is not set (write "
           "${TN_DATA:-default} to give a default)");
  CHECK(refusal("market:\n"
                "  symbols: [BTCUSDT, \"${SECOND}\"]\n")
        == "t.yaml:2:22: market.symbols[1]: environment variable SECOND is not set (write "
           "${SECOND:-default} to give a default)");
}

TEST_CASE("keys that look like secrets are refused with the variable to use") {
  CHECK(refusal("exchange:\n"
                "  market: spot\n"
                "  api_key: abc123\n")
        == "t.yaml:3:3: exchange.api_key: looks like a secret; secrets never go into the "
           "config: set BINANCE_API_KEY in the environment instead");
  CHECK(refusal("exchange:\n"
                "  secret_key: abc123\n")
        == "t.yaml:2:3: exchange.secret_key: looks like a secret; secrets never go into the "
           "config: set BINANCE_SECRET_KEY in the environment instead");
  CHECK(refusal("token: abc\n")
        == "t.yaml:1:1: token: looks like a secret; secrets never go into the config: set "
           "BINANCE_API_KEY in the environment instead");
  CHECK(refusal("node:\n"
                "  password: hunter2\n")
        == "t.yaml:2:3: node.password: looks like a secret; secrets never go into the config: "
           "set BINANCE_API_KEY in the environment instead");
}

TEST_CASE("live mode without LIVE_TRADING=true is refused and says why") {
  const std::string yaml = "node:\n"
                           "  mode: live\n";
  CHECK(refusal(yaml)
        == "t.yaml:2:9: node.mode: mode live trades real money and needs LIVE_TRADING=true in "
           "the environment (it is not set); refusing to start");
  CHECK(refusal(yaml, fake_env({{"LIVE_TRADING", "yes"}}))
        == "t.yaml:2:9: node.mode: mode live trades real money and needs LIVE_TRADING=true in "
           "the environment (it is 'yes'); refusing to start");
  auto cfg = tn::test::accepted(yaml, fake_env({{"LIVE_TRADING", "true"}}));
  CHECK(cfg.node.mode == tn::run_mode::live);
}

TEST_CASE("live mode reached through ${ENV} still needs LIVE_TRADING") {
  CHECK(refusal("node:\n"
                "  mode: ${TN_MODE:-paper}\n",
                fake_env({{"TN_MODE", "live"}}))
        == "t.yaml:2:9: node.mode: mode live trades real money and needs LIVE_TRADING=true in "
           "the environment (it is not set); refusing to start");
}

TEST_CASE("live mode refuses plain-text URLs") {
  auto env = fake_env({{"LIVE_TRADING", "true"}});
  CHECK(refusal("node:\n"
                "  mode: live\n"
                "exchange:\n"
                "  rest_url: http://api.example.com\n",
                env)
        == "t.yaml:4:13: exchange.rest_url: mode live sends the API key to api.example.com, which "
           "is not loopback, so the URL must use https");
  CHECK(refusal("node:\n"
                "  mode: live\n"
                "exchange:\n"
                "  ws_url: ws://stream.example.com\n",
                env)
        == "t.yaml:4:11: exchange.ws_url: mode live sends the API key to stream.example.com, which "
           "is not loopback, so the URL must use wss");
}

TEST_CASE("URLs with the wrong scheme are refused") {
  CHECK(refusal("exchange:\n"
                "  rest_url: wss://127.0.0.1:18443\n")
        == "t.yaml:2:13: exchange.rest_url: URL scheme must be https or http, got 'wss'");
  CHECK(refusal("exchange:\n"
                "  ws_url: https://127.0.0.1:18443\n")
        == "t.yaml:2:11: exchange.ws_url: URL scheme must be wss or ws, got 'https'");
  CHECK(refusal("exchange:\n"
                "  rest_url: https://127.0.0.1:99999\n")
        == "t.yaml:2:13: exchange.rest_url: URL port must be a number in 1..65535, got '99999'");
}
