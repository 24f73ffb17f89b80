#include "runtime/config/sections.hpp"

#include "runtime/config/destination.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/config/scheduler_profile.hpp"
#include "runtime/config/symbol.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <string_view>

namespace tn {

const char* to_string(run_mode x) {
  switch (x) {
    case run_mode::backtest: return "backtest";
    case run_mode::paper: return "paper";
    case run_mode::testnet: return "testnet";
    case run_mode::live: return "live";
  }
  return "unknown";
}

const char* to_string(failure_policy x) {
  switch (x) {
    case failure_policy::restart: return "restart";
    case failure_policy::stop_node: return "stop-node";
  }
  return "unknown";
}

} // namespace tn

namespace tn::detail {

namespace {

using namespace std::chrono_literals;

void require_nonempty(const map_reader& m, std::string_view key, const std::string& value) {
  if (value.empty())
    m.ctx().fail(m.at(key), "must not be empty");
}


bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 64
         && std::all_of(name.begin(), name.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                     || c == '.' || c == '_' || c == '-';
            });
}

// Live trading risks real money: the config alone must not be able to turn
// it on, a deliberate switch in the environment has to agree.
void require_live_switch(const map_reader& m) {
  const char* flag = m.ctx().env()("LIVE_TRADING");
  if (flag != nullptr && std::string_view{flag} == "true")
    return;
  auto now = flag == nullptr ? std::string{"it is not set"}
                             : "it is '" + std::string{flag} + "'";
  m.ctx().fail(m.at("mode"), "mode live trades real money and needs LIVE_TRADING=true in the "
                             "environment (" + now + "); refusing to start");
}

void read_node(const map_reader& top, node_section& out, scheduler_config& scheduler) {
  auto m = top.section("node", {"mode", "name", "data_dir", "heartbeat_file",
                                "heartbeat_interval", "progress_interval", "clock_period",
                                "scheduler"});
  m.read("mode", out.mode,
         {{"backtest", run_mode::backtest},
          {"paper", run_mode::paper},
          {"testnet", run_mode::testnet},
          {"live", run_mode::live}});
  m.read("name", out.name);
  if (!valid_name(out.name))
    m.ctx().fail(m.at("name"), "must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
  m.read("data_dir", out.data_dir);
  require_nonempty(m, "data_dir", out.data_dir);
  std::error_code fs_error;
  if (std::filesystem::exists(out.data_dir, fs_error)
      && !std::filesystem::is_directory(out.data_dir, fs_error))
    m.ctx().fail(m.at("data_dir"), out.data_dir + " is a file, not a directory");
  m.read("heartbeat_file", out.heartbeat_file);
  require_nonempty(m, "heartbeat_file", out.heartbeat_file);
  m.read("heartbeat_interval", out.heartbeat_interval, 1s, 1h);
  m.read("progress_interval", out.progress_interval, 0s, 1h);
  if (out.progress_interval > 0s && out.progress_interval < 100ms)
    m.ctx().fail(m.at("progress_interval"),
                 "out of range: must be 0s (off) or in [100ms, 1h], got "
                   + format_duration(out.progress_interval));
  m.read("clock_period", out.clock_period, 1ms, 1min);
  m.read("scheduler", scheduler.profile,
         {{"default", scheduler_profile::caf_default},
          {"low_latency", scheduler_profile::low_latency}});
  if (out.mode == run_mode::live)
    require_live_switch(m);
}

// In testnet and live modes the node signs requests with the API key. The
// key never travels in clear text off this machine, and where it goes decides
// whether real money trades: the real exchange needs the live switch whatever
// `mode` says. Paper mode reads public market data only and sends no key.
void check_keyed_destination(const map_reader& m, std::string_view key, const std::string& url,
                             run_mode mode) {
  if (mode != run_mode::testnet && mode != run_mode::live)
    return;
  auto host = url_host(url);
  auto where = classify_exchange_host(host);
  if (is_clear_text_url(url) && where != exchange_destination::loopback)
    m.ctx().fail(m.at(key), "mode " + std::string{to_string(mode)}
                              + " sends the API key to " + host
                              + ", which is not loopback, so the URL must use "
                              + (url.substr(0, 2) == "ws" ? "wss" : "https"));
  if (where == exchange_destination::live && mode != run_mode::live)
    m.ctx().fail(m.at(key), why_live(host) + ": it needs mode: live and LIVE_TRADING=true; "
                              "for testing use a testnet/demo host or the local exchange");
}

void read_exchange(const map_reader& top, run_mode mode, exchange_section& out) {
  auto m = top.section("exchange", {"market", "rest_url", "ws_url", "ca_file", "rest_timeout"});
  m.read("market", out.market, {{"spot", market_kind::spot}, {"futures", market_kind::futures}});
  m.read("rest_url", out.rest_url);
  require_url(m, "rest_url", out.rest_url, {"https", "http"});
  check_keyed_destination(m, "rest_url", out.rest_url, mode);
  m.read("ws_url", out.ws_url);
  require_url(m, "ws_url", out.ws_url, {"wss", "ws"});
  check_keyed_destination(m, "ws_url", out.ws_url, mode);
  m.read("ca_file", out.ca_file);
  m.read("rest_timeout", out.rest_timeout, 100ms, 5min);
}

void read_backoff(const map_reader& parent, std::string_view key, backoff_policy& out) {
  auto m = parent.section(key, {"initial", "max", "jitter"});
  m.read("initial", out.initial, 1ms, 10min);
  m.read("max", out.max, 1ms, 1h);
  m.read("jitter", out.jitter, 0.0, 1.0);
  if (out.initial > out.max)
    m.ctx().fail(m.at(m.has("initial") ? "initial" : "max"),
                 "initial backoff " + format_duration(out.initial) + " is greater than max "
                   + format_duration(out.max));
}

void read_symbols(const map_reader& m, std::vector<std::string>& out) {
  if (!m.has("symbols"))
    return;
  auto items = m.list("symbols");
  if (items.empty())
    m.ctx().fail(m.at("symbols"), "the list is empty; name at least one symbol, e.g. [BTCUSDT]");
  std::vector<std::string> symbols;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto written = m.ctx().text(items[i], "a symbol");
    auto symbol = to_exchange_symbol(written);
    if (!is_valid_exchange_symbol(symbol))
      m.ctx().fail(items[i], "invalid symbol '" + written
                               + "': write it as BTCUSDT, BTC/USDT or BTC/USDT:USDT (5 to 20 "
                                 "letters and digits without '/' and ':SETTLE')");
    auto first = std::find(symbols.begin(), symbols.end(), symbol);
    if (first != symbols.end())
      m.ctx().fail(items[i], "duplicate symbol '" + written + "' (" + symbol
                               + ", already listed as "
                               + items[static_cast<std::size_t>(first - symbols.begin())].path
                               + ")");
    symbols.push_back(std::move(symbol));
  }
  out = std::move(symbols);
}

void read_market(const map_reader& top, market_section& out) {
  auto m = top.section(
    "market", {"symbols", "warmup_bars", "history_bars", "reconnect", "idle_timeout", "seed"});
  read_symbols(m, out.symbols);
  m.read("warmup_bars", out.warmup_bars, 0, 100000);
  m.read("history_bars", out.history_bars, 10, 100000);
  read_backoff(m, "reconnect", out.reconnect);
  m.read("idle_timeout", out.idle_timeout, 1s, 1h);
  m.read("seed", out.seed, 0, std::numeric_limits<uint32_t>::max());
}

void read_supervisor(const map_reader& top, supervisor_section& out) {
  auto m = top.section("supervisor", {"max_restarts", "window", "backoff", "policy"});
  m.read("max_restarts", out.max_restarts, 0, 1000);
  m.read("window", out.window, 1s, 24h);
  read_backoff(m, "backoff", out.backoff);
  // Service names are checked against the node's services when it starts.
  auto entries = m.named_entries("policy");
  std::vector<std::string_view> names;
  for (auto& entry : entries)
    names.push_back(entry.first);
  map_reader policies{m.ctx(), m.at("policy"), names};
  for (auto& name : names)
    policies.read(name, out.policy[std::string{name}],
                  {{"restart", failure_policy::restart}, {"stop-node", failure_policy::stop_node}});
}

void read_watchdog(const map_reader& top, watchdog_section& out) {
  auto m = top.section("watchdog", {"no_data"});
  m.read("no_data", out.no_data, 10s, 24h);
}

void read_event_log(const map_reader& top, event_log_section& out) {
  auto m = top.section("event_log", {"per_topic"});
  m.read("per_topic", out.per_topic, 1, 1000000);
}

void read_journal(const map_reader& top, journal_section& out) {
  auto m = top.section("journal", {"retention"});
  auto r = m.section("retention", {"events", "candles"});
  // 0s keeps the rows for good.
  r.read("events", out.retention.events, timespan::zero(), 3650 * 24h);
  r.read("candles", out.retention.candles, timespan::zero(), 3650 * 24h);
}

void read_breaker(const map_reader& top, breaker_section& out) {
  auto m = top.section("breaker", {"failures", "open_for"});
  m.read("failures", out.failures, 1, 100);
  m.read("open_for", out.open_for, 10s, 24h);
}

void read_console_tls(const map_reader& parent, console_tls& out) {
  auto m = parent.section("tls", {"certificate", "key", "cafile"});
  m.read("certificate", out.certificate);
  m.read("key", out.key);
  m.read("cafile", out.cafile);
  auto given = !out.certificate.empty() + !out.key.empty() + !out.cafile.empty();
  if (given != 0 && given != 3)
    m.ctx().fail(m.at(out.certificate.empty() ? "certificate" : out.key.empty() ? "key" : "cafile"),
                 "must be set: TLS needs certificate, key and cafile together");
}

// The console can stop the node and restart its services: off loopback,
// nobody may reach it without both a certificate and the token.
void read_console(const map_reader& top, console_section& out) {
  auto m = top.section("console", {"host", "port", "auth_env", "tls"});
  m.read("host", out.host);
  require_nonempty(m, "host", out.host);
  uint32_t port = out.port;
  m.read("port", port, 0, 65535);
  out.port = static_cast<uint16_t>(port);
  m.read("auth_env", out.auth_env);
  if (!valid_env_name(out.auth_env))
    m.ctx().fail(m.at("auth_env"), "must name an environment variable ([A-Za-z_][A-Za-z0-9_]*), "
                                   "not hold the token itself");
  read_console_tls(m, out.tls);
  if (out.port == 0)
    return;
  const char* token = m.ctx().env()(out.auth_env.c_str());
  auto token_size = token == nullptr ? 0 : std::string_view{token}.size();
  if (token_size > 0 && token_size < 16)
    m.ctx().fail(m.at("auth_env"), "the token in $" + out.auth_env + " has "
                                     + std::to_string(token_size)
                                     + " characters; use at least 16");
  if (is_loopback_host(out.host))
    return;
  std::string missing;
  if (!out.tls.enabled())
    missing = "TLS (console.tls: certificate, key, cafile)";
  if (token_size == 0)
    missing += (missing.empty() ? "" : " and ") + std::string{"a token in $"} + out.auth_env
               + " (it is not set)";
  if (!missing.empty())
    m.ctx().fail(m.at("host"), out.host + " is not a loopback address, so the console needs "
                                 + missing + "; refusing to start");
}

} // namespace

node_config read_config(const context& ctx, const located& root,
                        const std::vector<config_section>& services) {
  std::vector<std::string_view> known{"node",    "exchange",  "market",  "supervisor", "watchdog",
                                      "event_log", "console", "journal", "breaker"};
  for (auto& section : services)
    known.push_back(section.name);
  map_reader top{ctx, root, known};
  node_config cfg;
  read_node(top, cfg.node, cfg.section<scheduler_config>());
  read_exchange(top, cfg.node.mode, cfg.exchange);
  read_market(top, cfg.market);
  read_supervisor(top, cfg.supervisor);
  read_watchdog(top, cfg.watchdog);
  read_event_log(top, cfg.event_log);
  read_console(top, cfg.console);
  read_journal(top, cfg.journal);
  read_breaker(top, cfg.breaker);
  for (auto& section : services)
    section.read(top, cfg);
  return cfg;
}

} // namespace tn::detail
