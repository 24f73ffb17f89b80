// The decision loop's sections: gate, agent, breaker, trader, evaluator.

#include "runtime/config/sections.hpp"

#include "runtime/config/destination.hpp"
#include "runtime/config/duration.hpp"
#include "runtime/config/symbol.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace tn::detail {

namespace {

using namespace std::chrono_literals;

/// Refuses a section for a check across its keys. `why` (from a validate())
/// reads "section.key[.more]: reason"; the refusal points at that key when
/// the file sets it, else at the section.
[[noreturn]] void fail_whole(const map_reader& top, const map_reader& m,
                             std::string_view section, const std::string& why) {
  auto path_end = why.find(": ");
  auto prefix = std::string{section} + ".";
  if (path_end != std::string::npos && why.compare(0, prefix.size(), prefix) == 0) {
    auto key = why.substr(prefix.size(), path_end - prefix.size());
    key = key.substr(0, key.find('.'));
    if (m.has(key)) {
      auto at = m.at(key);
      top.ctx().fail({at.value, at.mark, ""}, why);
    }
  }
  auto at = top.at(section);
  top.ctx().fail({at.value, at.mark, ""}, why);
}

interval read_interval(const context& ctx, const located& at) {
  auto text = ctx.text(at, "an interval");
  interval out = interval::m1;
  if (!parse_interval(text, out))
    ctx.fail(at, "expected one of 1m|5m|15m|1h|4h|1d, got '" + text + "'");
  return out;
}

void read_gate(const map_reader& top, const std::vector<std::string>& symbols, gate_config& out) {
  auto m = top.section("gate", {"style", "intervals", "symbol_intervals", "min_check",
                                "max_check", "zscore_window", "zscore_min_samples",
                                "zscore_price_threshold", "zscore_volume_threshold",
                                "cooldown", "min_spacing", "max_decisions_per_day",
                                "close_grace"});
  m.read("style", out.style, {{"swing", trading_style::swing}, {"daily", trading_style::daily}});
  auto styles = m.section("intervals", {"swing", "daily"});
  for (auto style : {trading_style::swing, trading_style::daily})
    if (styles.has(to_string(style)))
      out.style_intervals[style] = read_interval(m.ctx(), styles.at(to_string(style)));
  for (auto& [written, at] : m.named_entries("symbol_intervals")) {
    auto symbol = to_exchange_symbol(written);
    if (std::find(symbols.begin(), symbols.end(), symbol) == symbols.end())
      m.ctx().fail(at, "symbol '" + written + "' is not in market.symbols");
    out.symbol_intervals[symbol] = read_interval(m.ctx(), at);
  }
  m.read("min_check", out.min_check, 1min, 24h);
  m.read("max_check", out.max_check, 1min, 7 * 24h);
  uint32_t window = static_cast<uint32_t>(out.zscore_window);
  m.read("zscore_window", window, 2, 100000);
  out.zscore_window = window;
  uint32_t min_samples = static_cast<uint32_t>(out.zscore_min_samples);
  m.read("zscore_min_samples", min_samples, 2, 100000);
  out.zscore_min_samples = min_samples;
  m.read("zscore_price_threshold", out.zscore_price_threshold, 0.5, 100.0);
  m.read("zscore_volume_threshold", out.zscore_volume_threshold, 0.5, 100.0);
  m.read("cooldown", out.cooldown, 0s, 24h);
  m.read("min_spacing", out.min_spacing, 0s, 24h);
  m.read("max_decisions_per_day", out.max_decisions_per_day, 1, 1440);
  m.read("close_grace", out.close_grace, 0s, 1min);
  if (auto why = out.validate(); !why.empty())
    fail_whole(top, m, "gate", why);
}

void read_prices(const map_reader& m, std::vector<model_price_override>& out) {
  for (auto& [prefix, at] : m.named_entries("prices")) {
    map_reader row{m.ctx(), at, {"input_per_mtok", "output_per_mtok"}};
    if (!row.has("input_per_mtok") || !row.has("output_per_mtok"))
      m.ctx().fail(at, "needs input_per_mtok and output_per_mtok (USD per million tokens)");
    model_price_override price{prefix, 0, 0};
    row.read("input_per_mtok", price.input_per_mtok, 0.0, 10000.0);
    row.read("output_per_mtok", price.output_per_mtok, 0.0, 10000.0);
    out.push_back(std::move(price));
  }
}

bool env_set(const map_reader& m, const std::string& name) {
  const char* value = m.ctx().env()(name.c_str());
  return value != nullptr && *value != '\0';
}

// A missing key would only show at the first decision, hours after start;
// and a key sent over clear text off this machine is a key given away.
void check_agent_key(const map_reader& m, const agent_section& out) {
  bool keyed = out.backend == agent_backend::anthropic
               || (out.backend == agent_backend::openai && env_set(m, out.auth_env));
  if (out.backend == agent_backend::anthropic && !env_set(m, out.auth_env))
    m.ctx().fail(m.at("auth_env"), "the anthropic backend needs an API key in $" + out.auth_env
                                     + ", which is not set");
  auto host = url_host(out.base_url);
  if (keyed && is_clear_text_url(out.base_url) && !is_loopback_host(host))
    m.ctx().fail(m.at("base_url"), "the API key in $" + out.auth_env + " would travel in clear text to "
                                     + host + ": use https (plain http only on loopback)");
}

// claude-cli: the CLI makes its API calls itself, with its own settings.
// A key set to its default (as in configs/default.yaml) changes nothing;
// any other value would be ignored, so it is refused.
void refuse_api_settings(const map_reader& m, const agent_section& a) {
  const agent_section d;
  std::pair<const char*, bool> changed[] = {
    {"base_url", !a.base_url.empty()},
    {"ca_file", !a.ca_file.empty()},
    {"max_retries", a.max_retries != d.max_retries},
    {"max_tokens", a.max_tokens != d.max_tokens},
    {"temperature", !std::isnan(a.temperature)},
    {"cache_ttl", a.cache_ttl != d.cache_ttl},
    {"openai_tool_call", a.openai_tool_call != d.openai_tool_call}};
  for (auto [key, set] : changed)
    if (set)
      m.ctx().fail(m.at(key), "does not apply to the claude-cli backend, which calls the API "
                              "itself (pass ANTHROPIC_BASE_URL, NODE_EXTRA_CA_CERTS and the "
                              "like through agent.cli_env)");
}

void read_cli_env(const map_reader& m, std::vector<std::string>& out) {
  if (!m.has("cli_env"))
    return;
  for (auto& item : m.list("cli_env")) {
    auto name = m.ctx().text(item, "an environment variable name");
    if (!valid_env_name(name))
      m.ctx().fail(item, "must name an environment variable ([A-Za-z_][A-Za-z0-9_]*), got '"
                           + name + "'");
    // Passed as well, a key would be billed instead of the chosen token.
    if (name == "ANTHROPIC_API_KEY" || name == "CLAUDE_CODE_OAUTH_TOKEN")
      m.ctx().fail(item, name + " is a credential: name it in agent.auth_env, which passes "
                                "exactly one");
    out.push_back(std::move(name));
  }
}

void read_agent(const map_reader& top, agent_section& out) {
  auto m = top.section("agent", {"backend", "model", "base_url", "auth_env", "ca_file",
                                 "timeout", "max_retries", "max_tokens", "temperature",
                                 "daily_budget_usd", "cache_ttl", "openai_tool_call",
                                 "cli_executable", "cli_max_turns", "prices", "cli_env",
                                 "subscription_in_budget"});
  m.read("backend", out.backend,
         {{"none", agent_backend::none},
          {"anthropic", agent_backend::anthropic},
          {"openai", agent_backend::openai},
          {"claude-cli", agent_backend::claude_cli}});

  m.read("model", out.model);
  m.read("base_url", out.base_url);
  if (out.backend == agent_backend::anthropic && out.base_url.empty())
    out.base_url = "https://api.anthropic.com";
  if (out.backend == agent_backend::openai && out.base_url.empty())
    m.ctx().fail(m.at("base_url"), "the openai backend needs the server's URL, e.g. "
                                   "http://127.0.0.1:11434 for Ollama");
  if (!out.base_url.empty())
    require_url(m, "base_url", out.base_url, {"https", "http"});
  m.read("auth_env", out.auth_env);
  if (!valid_env_name(out.auth_env))
    m.ctx().fail(m.at("auth_env"), "must name an environment variable ([A-Za-z_][A-Za-z0-9_]*), "
                                   "not hold the key itself");
  check_agent_key(m, out);
  m.read("ca_file", out.ca_file);
  m.read("timeout", out.timeout, 1s, 10min);
  m.read("max_retries", out.max_retries, 0, 10);
  m.read("max_tokens", out.max_tokens, 256, 64000);
  if (m.has("temperature"))
    m.read("temperature", out.temperature, 0.0, 2.0);
  m.read("daily_budget_usd", out.daily_budget_usd, 0.0, 100000.0);
  m.read("cache_ttl", out.cache_ttl);
  if (out.cache_ttl != "5m" && out.cache_ttl != "1h")
    m.ctx().fail(m.at("cache_ttl"), "expected 5m or 1h, got '" + out.cache_ttl + "'");
  m.read("openai_tool_call", out.openai_tool_call);
  m.read("cli_executable", out.cli_executable);
  if (out.cli_executable.empty())
    m.ctx().fail(m.at("cli_executable"), "must not be empty");
  m.read("cli_max_turns", out.cli_max_turns, 1, 20);
  read_cli_env(m, out.cli_env);
  if (out.backend == agent_backend::claude_cli)
    refuse_api_settings(m, out);
  m.read("subscription_in_budget", out.subscription_in_budget);
  read_prices(m, out.prices);
}

void read_breaker(const map_reader& top, breaker_section& out) {
  auto m = top.section("breaker", {"failures", "open_for"});
  m.read("failures", out.failures, 1, 100);
  m.read("open_for", out.open_for, 10s, 24h);
}

void read_trader(const map_reader& top, trader_section& out) {
  auto m = top.section("trader", {"prompt_bars", "prompt_intervals", "safety"});
  m.read("prompt_bars", out.prompt_bars, 1, 500);
  if (m.has("prompt_intervals")) {
    auto items = m.list("prompt_intervals");
    if (items.empty())
      m.ctx().fail(m.at("prompt_intervals"), "the list is empty; name at least 1h");
    out.prompt_intervals.clear();
    for (auto& item : items) {
      auto span = read_interval(m.ctx(), item);
      if (std::find(out.prompt_intervals.begin(), out.prompt_intervals.end(), span)
          != out.prompt_intervals.end())
        m.ctx().fail(item, std::string{"duplicate interval "} + to_string(span));
      out.prompt_intervals.push_back(span);
    }
  }
  // The evaluator scores 1h bars: without them it could only hold.
  if (std::find(out.prompt_intervals.begin(), out.prompt_intervals.end(), interval::h1)
      == out.prompt_intervals.end())
    m.ctx().fail(m.at("prompt_intervals"), "must include 1h (the evaluator scores 1h bars)");
  auto s = m.section("safety", {"stop_loss", "trailing_stop", "trailing_activation"});
  s.read("stop_loss", out.safety.stop_loss, 0.001, 0.5);
  s.read("trailing_stop", out.safety.trailing_stop, 0.001, 0.9);
  s.read("trailing_activation", out.safety.trailing_activation, 0.0, 10.0);
}

void read_evaluator(const map_reader& top, evaluator_config& out) {
  auto m = top.section("evaluator", {"weights", "entry_threshold", "max_position_pct",
                                     "next_check_seconds"});
  auto w = m.section("weights", {"trend", "momentum", "volatility", "volume", "regime"});
  w.read("trend", out.weights.trend, 0.0, 100.0);
  w.read("momentum", out.weights.momentum, 0.0, 100.0);
  w.read("volatility", out.weights.volatility, 0.0, 100.0);
  w.read("volume", out.weights.volume, 0.0, 100.0);
  w.read("regime", out.weights.regime, 0.0, 100.0);
  m.read("entry_threshold", out.entry_threshold, 0.0, 1.0);
  m.read("max_position_pct", out.max_position_pct, 0.0, 1.0);
  uint32_t next = static_cast<uint32_t>(out.next_check_seconds);
  m.read("next_check_seconds", next, 60, 7 * 86400);
  out.next_check_seconds = next;
  if (auto why = out.validate(); !why.empty())
    fail_whole(top, m, "evaluator", why);
}

} // namespace

void read_decision_sections(const map_reader& top, node_config& cfg) {
  read_gate(top, cfg.market.symbols, cfg.gate);
  read_agent(top, cfg.agent);
  read_breaker(top, cfg.breaker);
  read_trader(top, cfg.trader);
  read_evaluator(top, cfg.evaluator);
}

} // namespace tn::detail
