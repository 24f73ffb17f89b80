// The agent service's factory: the backend, limits, system prompt, prices
// and budget from the node's config.

#include "actors/agent/agent_service.hpp"

#include "actors/agent/agent_actor.hpp"
#include "actors/agent/agent_config.hpp"
#include "actors/agent/agent_section.hpp"
#include "actors/agent/cli_backend.hpp"
#include "actors/agent/cost.hpp"
#include "actors/agent/http_backend.hpp"
#include "actors/gate/gate_config.hpp"
#include "actors/trader/prompt.hpp"
#include "actors/trader/trader_config.hpp"
#include "messages/error.hpp"
#include "runtime/net/io_thread.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/typed_actor.hpp>

#include <algorithm>
#include <chrono>

namespace tn {

namespace {

decision_limits limits_of(const node_config& cfg) {
  decision_limits limits;
  limits.symbols = cfg.market.symbols;
  auto& gate = cfg.section<gate_config>();
  limits.min_next_check_seconds =
    std::chrono::duration_cast<std::chrono::seconds>(gate.min_check).count();
  limits.max_next_check_seconds =
    std::chrono::duration_cast<std::chrono::seconds>(gate.max_check).count();
  return limits;
}

std::vector<model_price> prices_of(const agent_config& agent) {
  std::vector<model_price> rows;
  for (auto& x : agent.prices)
    rows.push_back({x.model_prefix, x.input_per_mtok, x.output_per_mtok});
  return merge_prices(default_prices(), rows);
}

caf::expected<std::shared_ptr<model_backend>> make_backend(service_context& ctx,
                                                           const decision_limits& limits) {
  auto& a = ctx.cfg.section<agent_config>();
  std::string error;
  std::unique_ptr<model_backend> backend;
  switch (a.backend) {
    case agent_backend::none:
      return std::shared_ptr<model_backend>{};
    case agent_backend::anthropic:
    case agent_backend::openai: {
      if (ctx.io == nullptr)
        return caf::make_error(ec::invalid_config,
                               std::string{"agent: the "} + to_string(a.backend)
                                 + " backend needs the network thread (not in backtest mode)");
      http_backend_settings s;
      s.base_url = a.base_url;
      s.model = a.model;
      s.api_key_env = a.auth_env;
      s.ca_file = a.ca_file;
      s.timeout = a.timeout;
      s.retry.max_retries = static_cast<int>(a.max_retries);
      s.max_tokens = a.max_tokens;
      s.temperature = a.temperature;
      s.cache_ttl = a.cache_ttl;
      s.openai_tool_mode = a.openai_tool_call;
      s.limits = limits;
      backend = a.backend == agent_backend::anthropic
                  ? make_anthropic_backend(*ctx.io, std::move(s), error)
                  : make_openai_backend(*ctx.io, std::move(s), error);
      break;
    }
    case agent_backend::claude_cli: {
      cli_backend_settings s;
      s.executable = a.cli_executable;
      s.model = a.model;
      s.max_turns = static_cast<int>(a.cli_max_turns);
      s.timeout = a.timeout;
      s.limits = limits;
      // The configured variable first; the CLI's own names after it.
      auto& names = s.credential_env;
      names.erase(std::remove(names.begin(), names.end(), a.auth_env), names.end());
      names.insert(names.begin(), a.auth_env);
      s.passthrough_env = a.cli_env;
      backend = make_cli_backend(ctx.sys, std::move(s), error);
      break;
    }
  }
  if (!backend)
    return caf::make_error(ec::invalid_config, "agent: " + error);
  return std::shared_ptr<model_backend>{std::move(backend)};
}

} // namespace

caf::expected<caf::actor> spawn_agent(service_context& ctx) {
  agent_setup setup;
  setup.limits = limits_of(ctx.cfg);
  auto backend = make_backend(ctx, setup.limits);
  if (!backend)
    return std::move(backend.error());
  setup.backend = std::move(*backend);
  setup.system_prompt =
    system_prompt(setup.limits, ctx.cfg.section<trader_config>().safety,
                  setup.backend ? setup.backend->tool_name() : std::string{decision_tool_name});
  auto& agent = ctx.cfg.section<agent_config>();
  setup.prices = prices_of(agent);
  setup.daily_budget_usd = agent.daily_budget_usd;
  setup.subscription_in_budget = agent.subscription_in_budget;
  return caf::actor_cast<caf::actor>(spawn_agent(ctx.sys, std::move(setup)));
}

node_service agent_service() {
  node_service s;
  // It restores the day's spend from the journal.
  s.spec = {"agent", {"event_log", "journal"},
            [](service_context& ctx) { return spawn_agent(ctx); }};
  s.runs = runs_on_live_market;
  s.section = agent_section();
  return s;
}

} // namespace tn
