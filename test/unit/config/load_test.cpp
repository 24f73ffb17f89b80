// What the loader accepts: defaults, ${ENV} substitution, symbol
// normalisation, the embedded default and every shipped config file.

#include "config_test_util.hpp"

#include "runtime/config/scheduler_profile.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace std::chrono_literals;
using tn::test::accepted;
using tn::test::fake_env;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

} // namespace

TEST_CASE("empty sections give the built-in defaults") {
  for (auto text : {"node:\nmarket:\n", "node: {}\n"}) {
    CAPTURE(text);
    auto cfg = accepted(text);
    tn::node_config defaults;
    CHECK(cfg.node.mode == defaults.node.mode);
    CHECK(cfg.node.name == defaults.node.name);
    CHECK(cfg.node.heartbeat_interval == defaults.node.heartbeat_interval);
    CHECK(cfg.exchange.rest_url == defaults.exchange.rest_url);
    CHECK(cfg.market.symbols == defaults.market.symbols);
    CHECK(cfg.market.reconnect.initial == defaults.market.reconnect.initial);
    CHECK(cfg.supervisor.backoff.max == defaults.supervisor.backoff.max);
    CHECK(cfg.event_log.per_topic == defaults.event_log.per_topic);
  }
}

TEST_CASE("keys left out of a section keep their defaults") {
  auto cfg = accepted("market:\n"
                      "  warmup_bars: 20\n"
                      "  reconnect:\n"
                      "    max: 5s\n");
  CHECK(cfg.market.warmup_bars == 20);
  CHECK(cfg.market.reconnect.max == 5s);
  CHECK(cfg.market.reconnect.initial == 500ms);
  CHECK(cfg.market.reconnect.jitter == Approx(0.2));
  CHECK(cfg.market.history_bars == 1000);
  CHECK(cfg.node.mode == tn::run_mode::paper);
}

TEST_CASE("every key is read into its field") {
  auto cfg = accepted("node:\n"
                      "  mode: backtest\n"
                      "  name: n-1\n"
                      "  data_dir: /tmp/tn\n"
                      "  heartbeat_file: hb\n"
                      "  heartbeat_interval: 10s\n"
                      "  progress_interval: 0s\n"
                      "  clock_period: 250ms\n"
                      "exchange:\n"
                      "  market: futures\n"
                      "  rest_url: http://[::1]:8080\n"
                      "  ws_url: ws://localhost:8081/stream\n"
                      "  ca_file: pki/ca.pem\n"
                      "  rest_timeout: 3s\n"
                      "market:\n"
                      "  symbols: [btcusdt, ETH/USDT, SOL/USDT:USDT]\n"
                      "  warmup_bars: 0\n"
                      "  history_bars: 200\n"
                      "  reconnect: {initial: 1s, max: 1m, jitter: 0}\n"
                      "  idle_timeout: 90s\n"
                      "  seed: 7\n"
                      "supervisor:\n"
                      "  max_restarts: 3\n"
                      "  window: 1h30m\n"
                      "  backoff: {initial: 10ms, max: 10ms, jitter: 1}\n"
                      "watchdog:\n"
                      "  no_data: 2m\n"
                      "event_log:\n"
                      "  per_topic: 64\n");
  CHECK(cfg.node.mode == tn::run_mode::backtest);
  CHECK(cfg.node.name == "n-1");
  CHECK(cfg.node.data_dir == "/tmp/tn");
  CHECK(cfg.node.heartbeat_file == "hb");
  CHECK(cfg.node.heartbeat_interval == 10s);
  CHECK(cfg.node.progress_interval == 0s);
  CHECK(cfg.node.clock_period == 250ms);
  CHECK(cfg.exchange.market == tn::market_kind::futures);
  CHECK(cfg.exchange.rest_url == "http://[::1]:8080");
  CHECK(cfg.exchange.ws_url == "ws://localhost:8081/stream");
  CHECK(cfg.exchange.ca_file == "pki/ca.pem");
  CHECK(cfg.exchange.rest_timeout == 3s);
  CHECK(cfg.market.symbols == std::vector<std::string>{"BTCUSDT", "ETHUSDT", "SOLUSDT"});
  CHECK(cfg.market.warmup_bars == 0);
  CHECK(cfg.market.history_bars == 200);
  CHECK(cfg.market.reconnect.initial == 1s);
  CHECK(cfg.market.reconnect.max == 1min);
  CHECK(cfg.market.reconnect.jitter == 0.0);
  CHECK(cfg.market.idle_timeout == 90s);
  CHECK(cfg.market.seed == 7);
  CHECK(cfg.supervisor.max_restarts == 3);
  CHECK(cfg.supervisor.window == 90min);
  CHECK(cfg.supervisor.backoff.initial == 10ms);
  CHECK(cfg.supervisor.backoff.max == 10ms);
  CHECK(cfg.supervisor.backoff.jitter == 1.0);
  CHECK(cfg.watchdog.no_data == 2min);
  CHECK(cfg.event_log.per_topic == 64);
}

TEST_CASE("${ENV} is substituted in strings, numbers, durations and list items") {
  auto env = fake_env({{"TN_DIR", "/srv/tn"},
                       {"TN_BARS", "42"},
                       {"TN_BEAT", "15s"},
                       {"TN_SECOND", "eth/usdt"},
                       {"TN_EMPTY", ""}});
  auto cfg = accepted("node:\n"
                      "  data_dir: ${TN_DIR}/data\n"
                      "  name: ${TN_NAME:-fallback-name}\n"
                      "  heartbeat_file: ${TN_EMPTY:-beat}\n"
                      "  heartbeat_interval: ${TN_BEAT}\n"
                      "market:\n"
                      "  warmup_bars: ${TN_BARS}\n"
                      "  symbols: [BTCUSDT, \"${TN_SECOND}\"]\n"
                      "exchange:\n"
                      "  ca_file: ${TN_EMPTY}\n",
                      env);
  CHECK(cfg.node.data_dir == "/srv/tn/data");
  CHECK(cfg.node.name == "fallback-name");
  CHECK(cfg.node.heartbeat_file == "beat");
  CHECK(cfg.node.heartbeat_interval == 15s);
  CHECK(cfg.market.warmup_bars == 42);
  CHECK(cfg.market.symbols == std::vector<std::string>{"BTCUSDT", "ETHUSDT"});
  CHECK(cfg.exchange.ca_file.empty());
}

TEST_CASE("a substituted value is still checked") {
  CHECK(tn::test::refusal("market:\n"
                          "  warmup_bars: ${TN_BARS}\n",
                          fake_env({{"TN_BARS", "many"}}))
        == "t.yaml:2:16: market.warmup_bars: expected a number in [0, 100000], got 'many'");
}

TEST_CASE("the embedded default is configs/default.yaml and loads as documented") {
  CHECK(tn::embedded_default_config()
        == read_file(std::filesystem::path{TN_CONFIGS_DIR} / "default.yaml"));
  auto cfg = tn::load_config_text(tn::embedded_default_config(), "<embedded default>",
                                  tn::test::node_sections(), fake_env());
  if (!cfg)
    FAIL(tn::test::message_of(cfg.error()));
  CHECK(cfg->node.mode == tn::run_mode::paper);
  CHECK(cfg->exchange.rest_url == "https://127.0.0.1:18443");
  CHECK(cfg->exchange.ws_url == "wss://127.0.0.1:18443");
  CHECK(cfg->exchange.ca_file == "var/pki/ca.pem");
  CHECK(cfg->market.symbols == std::vector<std::string>{"BTCUSDT", "ETHUSDT", "SOLUSDT"});
}

TEST_CASE("the embedded default names itself in messages") {
  auto broken = tn::embedded_default_config() + "typo_section: 1\n";
  auto cfg = tn::load_config_text(broken, "<embedded default>", tn::test::node_sections(),
                                  fake_env());
  REQUIRE_FALSE(cfg);
  CHECK(tn::test::message_of(cfg.error()).rfind("<embedded default>:", 0) == 0);
}

TEST_CASE("every file in configs/ loads") {
  // live.example.yaml is live: it loads only with the switch set; the
  // examples with a model need its key.
  auto env = fake_env({{"LIVE_TRADING", "true"}, {"ANTHROPIC_API_KEY", "k"}});
  std::size_t files = 0;
  for (auto& entry : std::filesystem::directory_iterator{TN_CONFIGS_DIR}) {
    if (entry.path().extension() != ".yaml")
      continue;
    ++files;
    CAPTURE(entry.path().string());
    auto cfg = tn::load_config_file(entry.path().string(), tn::test::node_sections(), env);
    if (!cfg)
      FAIL(tn::test::message_of(cfg.error()));
  }
  CHECK(files >= 4);
}

TEST_CASE("the shipped configs select their modes and endpoints") {
  auto dir = std::filesystem::path{TN_CONFIGS_DIR};
  auto load = [&](const char* name, const tn::env_lookup& env) {
    auto cfg = tn::load_config_file((dir / name).string(), tn::test::node_sections(), env);
    if (!cfg)
      FAIL(tn::test::message_of(cfg.error()));
    return *cfg;
  };
  auto backtest = load("backtest.yaml", fake_env());
  CHECK(backtest.node.mode == tn::run_mode::backtest);
  auto testnet = load("testnet.yaml", fake_env({{"ANTHROPIC_API_KEY", "k"}}));
  CHECK(testnet.node.mode == tn::run_mode::testnet);
  CHECK(testnet.exchange.rest_url == "https://testnet.binance.vision");
  CHECK(testnet.exchange.ws_url == "wss://stream.testnet.binance.vision");
  CHECK(testnet.exchange.ca_file.empty());
  auto live = load("live.example.yaml",
                   fake_env({{"LIVE_TRADING", "true"}, {"ANTHROPIC_API_KEY", "k"}}));
  CHECK(live.node.mode == tn::run_mode::live);
  CHECK(live.exchange.rest_url == "https://api.binance.com");
  auto refused = tn::load_config_file((dir / "live.example.yaml").string(),
                                      tn::test::node_sections(),
                                      fake_env({{"ANTHROPIC_API_KEY", "k"}}));
  REQUIRE_FALSE(refused);
  CHECK(tn::test::message_of(refused.error()).find("LIVE_TRADING=true") != std::string::npos);
}

TEST_CASE("run modes and market kinds print as the config spells them") {
  CHECK(std::string{tn::to_string(tn::run_mode::backtest)} == "backtest");
  CHECK(std::string{tn::to_string(tn::run_mode::paper)} == "paper");
  CHECK(std::string{tn::to_string(tn::run_mode::testnet)} == "testnet");
  CHECK(std::string{tn::to_string(tn::run_mode::live)} == "live");
  CHECK(std::string{tn::to_string(tn::market_kind::spot)} == "spot");
  CHECK(std::string{tn::to_string(tn::market_kind::futures)} == "futures");
}

TEST_CASE("node.scheduler names a latency profile of CAF's scheduler") {
  using tn::scheduler_config;
  using tn::scheduler_profile;
  CHECK(tn::test::accepted("node: {mode: paper}\n").section<scheduler_config>().profile
        == scheduler_profile::caf_default);
  CHECK(tn::test::accepted("node:\n  scheduler: low_latency\n").section<scheduler_config>().profile
        == scheduler_profile::low_latency);
  CHECK_THAT(tn::test::refusal("node:\n  scheduler: fast\n"),
             Catch::StartsWith("t.yaml:2:14: node.scheduler:") && Catch::Contains("low_latency"));
}
