// Refusals of values: wrong types, out-of-range values, unknown enumerators,
// durations without units.

#include "config_test_util.hpp"

#include <catch2/catch.hpp>

using tn::test::refusal;

TEST_CASE("a word where a number belongs is refused") {
  CHECK(refusal("market:\n"
                "  warmup_bars: lots\n")
        == "t.yaml:2:16: market.warmup_bars: expected a number in [0, 100000], got 'lots'");
  CHECK(refusal("market:\n"
                "  history_bars: 2.5\n")
        == "t.yaml:2:17: market.history_bars: expected a whole number in [10, 100000], got 2.5");
  CHECK(refusal("event_log:\n"
                "  per_topic:\n")
        == "t.yaml:2:3: event_log.per_topic: expected a number in [1, 1000000], got nothing");
  CHECK(refusal("market:\n"
                "  reconnect:\n"
                "    jitter: [0.1]\n")
        == "t.yaml:3:13: market.reconnect.jitter: expected a number, got a list");
}

TEST_CASE("a scalar where a list belongs is refused") {
  CHECK(refusal("market:\n"
                "  symbols: BTCUSDT\n")
        == "t.yaml:2:12: market.symbols: expected a list (e.g. [a, b]), got 'BTCUSDT'");
  CHECK(refusal("market:\n"
                "  symbols:\n")
        == "t.yaml:2:3: market.symbols: expected a list (e.g. [a, b]), got nothing");
}

TEST_CASE("a list or map where a string belongs is refused") {
  CHECK(refusal("node:\n"
                "  name: [a, b]\n")
        == "t.yaml:2:9: node.name: expected a string, got a list");
  CHECK(refusal("market:\n"
                "  symbols: [{BTC: USDT}]\n")
        == "t.yaml:2:13: market.symbols[0]: expected a symbol, got a map");
}

TEST_CASE("a scalar where a section belongs is refused") {
  CHECK(refusal("watchdog: 5m\n")
        == "t.yaml:1:11: watchdog: expected a map with the keys no_data; got '5m'");
  CHECK(refusal("- node\n")
        == "t.yaml:1:1: expected a map with the keys node, exchange, market, supervisor, "
           "watchdog, event_log, console, journal, breaker, tracker, execution, paper, binance, "
           "risk, backtest, macro, regime, gate, derivatives, evaluator, agent, trader, learner; "
           "got a list");
}

TEST_CASE("a duration without a unit or with an unknown unit is refused") {
  CHECK(refusal("node:\n"
                "  heartbeat_interval: 30\n")
        == "t.yaml:2:23: node.heartbeat_interval: duration '30' needs a unit (ns, us, ms, s, m, "
           "h, d), e.g. 30s");
  CHECK(refusal("watchdog:\n"
                "  no_data: 5min\n")
        == "t.yaml:2:12: watchdog.no_data: unknown duration unit 'min' in '5min' (use ns, us, "
           "ms, s, m, h, d)");
  CHECK(refusal("exchange:\n"
                "  rest_timeout: [1s]\n")
        == "t.yaml:2:17: exchange.rest_timeout: expected a duration (e.g. 30s, 500ms, 5m, 1h), "
           "got a list");
}

TEST_CASE("numbers and durations outside their range are refused with the range") {
  CHECK(refusal("event_log:\n"
                "  per_topic: 0\n")
        == "t.yaml:2:14: event_log.per_topic: out of range: must be in [1, 1000000], got 0");
  CHECK(refusal("supervisor:\n"
                "  max_restarts: -1\n")
        == "t.yaml:2:17: supervisor.max_restarts: out of range: must be in [0, 1000], got -1");
  CHECK(refusal("supervisor:\n"
                "  max_restarts: 99999999999999999999\n")
        == "t.yaml:2:17: supervisor.max_restarts: out of range: must be in [0, 1000], got "
           "99999999999999999999");
  CHECK(refusal("node:\n"
                "  heartbeat_interval: 2h\n")
        == "t.yaml:2:23: node.heartbeat_interval: out of range: must be in [1s, 1h], got 2h");
  CHECK(refusal("node:\n"
                "  progress_interval: 10ms\n")
        == "t.yaml:2:22: node.progress_interval: out of range: must be 0s (off) or in [100ms, "
           "1h], got 10ms");
}

TEST_CASE("an unknown enumerator is refused with the allowed ones") {
  CHECK(refusal("node:\n"
                "  mode: livee\n")
        == "t.yaml:2:9: node.mode: expected one of backtest|paper|testnet|live, got 'livee' "
           "(did you mean 'live'?)");
  CHECK(refusal("exchange:\n"
                "  market: margin\n")
        == "t.yaml:2:11: exchange.market: expected one of spot|futures, got 'margin'");
}

TEST_CASE("empty and malformed strings are refused") {
  CHECK(refusal("node:\n"
                "  data_dir: \"\"\n")
        == "t.yaml:2:13: node.data_dir: must not be empty");
  CHECK(refusal("node:\n"
                "  name: my node\n")
        == "t.yaml:2:9: node.name: must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
}

TEST_CASE("journal retention reads durations, 0s keeps for good, and a bare number is refused") {
  auto cfg = tn::load_config_text("journal:\n"
                                  "  retention:\n"
                                  "    candles: 10d\n"
                                  "    events: 0s\n",
                                  "t.yaml", tn::test::node_sections(),
                                  tn::test::fake_env());
  REQUIRE(cfg);
  CHECK(cfg->journal.retention.candles == std::chrono::hours{240});
  CHECK(cfg->journal.retention.events == tn::timespan::zero());
  CHECK(refusal("journal:\n"
                "  retention:\n"
                "    events: 7\n")
        == "t.yaml:3:13: journal.retention.events: duration '7' needs a unit (ns, us, ms, s, m, "
           "h, d), e.g. 7s");
}
