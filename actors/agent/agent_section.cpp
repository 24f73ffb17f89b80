#include "actors/agent/agent_section.hpp"

#include "actors/agent/agent_config.hpp"
#include "runtime/config/destination.hpp"
#include "runtime/config/section_reader.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <system_error>
#include <utility>

namespace tn {

namespace {

using namespace std::chrono_literals;
using detail::map_reader;

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
void check_agent_key(const map_reader& m, const agent_config& out) {
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
void refuse_api_settings(const map_reader& m, const agent_config& a) {
  const agent_config d;
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
    if (!detail::valid_env_name(name))
      m.ctx().fail(item, "must name an environment variable ([A-Za-z_][A-Za-z0-9_]*), got '"
                           + name + "'");
    // Passed as well, a key would be billed instead of the chosen token.
    if (name == "ANTHROPIC_API_KEY" || name == "CLAUDE_CODE_OAUTH_TOKEN")
      m.ctx().fail(item, name + " is a credential: name it in agent.auth_env, which passes "
                                "exactly one");
    out.push_back(std::move(name));
  }
}

// The model in a backtest. A journal named for the cache must exist; the
// backtest's own journal (the default) may not exist yet.
void read_backtest(const map_reader& m, const node_config& cfg, agent_config& out) {
  m.read("backtest", out.backtest,
         {{"cache", agent_backtest_mode::cache},
          {"live", agent_backtest_mode::live},
          {"off", agent_backtest_mode::off}});
  if (m.has("cache_journals"))
    for (auto& item : m.list("cache_journals")) {
      auto path = m.ctx().text(item, "a journal file");
      if (path.empty())
        m.ctx().fail(item, "must name a journal file");
      std::error_code ec;
      if (cfg.node.mode == run_mode::backtest && out.backtest == agent_backtest_mode::cache
          && !std::filesystem::is_regular_file(path, ec))
        m.ctx().fail(item, "no journal file at " + path);
      out.cache_journals.push_back(std::move(path));
    }
  m.read("backtest_budget_usd", out.backtest_budget_usd, 0.0, 100000.0);
  if (cfg.node.mode == run_mode::backtest && out.backtest == agent_backtest_mode::live
      && out.backend == agent_backend::none)
    m.ctx().fail(m.at("backtest"), "live calls the model, but agent.backend is none: choose a "
                                   "backend, or cache or off");
}

void read_agent(const map_reader& top, node_config& cfg) {
  auto& out = cfg.section<agent_config>();
  auto m = top.section("agent", {"backend", "model", "base_url", "auth_env", "ca_file",
                                 "timeout", "max_retries", "max_tokens", "temperature",
                                 "daily_budget_usd", "cache_ttl", "openai_tool_call",
                                 "cli_executable", "cli_max_turns", "prices", "cli_env",
                                 "subscription_in_budget", "backtest", "cache_journals",
                                 "backtest_budget_usd"});
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
    detail::require_url(m, "base_url", out.base_url, {"https", "http"});
  m.read("auth_env", out.auth_env);
  if (!detail::valid_env_name(out.auth_env))
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
  read_backtest(m, cfg, out);
}

} // namespace

config_section agent_section() {
  return {"agent", read_agent};
}

} // namespace tn
