// The agent service's factory: the backend, limits, system prompt, prices
// and budget from the node's config.

#include "actors/agent/agent_service.hpp"

#include "actors/agent/agent_actor.hpp"
#include "actors/agent/agent_config.hpp"
#include "actors/agent/agent_section.hpp"
#include "actors/agent/cache_backend.hpp"
#include "actors/agent/cli_backend.hpp"
#include "actors/agent/cost.hpp"
#include "actors/agent/http_backend.hpp"
#include "actors/gate/gate_config.hpp"
#include "actors/trader/prompt.hpp"
#include "actors/trader/trader_config.hpp"
#include "messages/error.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/model_answers.hpp"
#include "runtime/net/io_thread.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/typed_actor.hpp>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <limits>
#include <system_error>

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

bool in_backtest(const node_config& cfg) {
  return cfg.node.mode == run_mode::backtest;
}

/// The journals a backtest's cache reads: the configured ones, else the
/// backtest's own, if an earlier run left one.
std::vector<std::string> cache_journals(const node_config& cfg) {
  auto& a = cfg.section<agent_config>();
  if (!a.cache_journals.empty())
    return a.cache_journals;
  auto own = journal_path(cfg.node.data_dir);
  std::error_code ec;
  if (std::filesystem::is_regular_file(own, ec))
    return {own};
  return {};
}

caf::expected<std::shared_ptr<model_backend>> make_cache_backend(const node_config& cfg,
                                                                 const decision_limits& limits) {
  auto& a = cfg.section<agent_config>();
  auto answers = std::make_shared<journaled_answers>();
  for (auto& path : cache_journals(cfg))
    if (auto added = read_model_answers(path, *answers); !added)
      return std::move(added.error());
  return std::shared_ptr<model_backend>{std::make_shared<cache_backend>(
    cached_identity(a.backend, a.model, limits), std::move(answers))};
}

caf::expected<std::shared_ptr<model_backend>> make_backend(service_context& ctx,
                                                           const decision_limits& limits) {
  auto& a = ctx.cfg.section<agent_config>();
  if (in_backtest(ctx.cfg) && a.backend != agent_backend::none) {
    if (a.backtest == agent_backtest_mode::cache)
      return make_cache_backend(ctx.cfg, limits);
    // A result from the I/O thread or the CLI runner must not be sent into
    // the backtest's scheduler from there: the driver delivers it.
    if (!ctx.external)
      return caf::make_error(ec::invalid_config,
                             "agent: agent.backtest live needs the backtest driver's bridge for "
                             "model results (external_calls), which this run did not give");
  }
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
                                 + " backend needs the network thread, which this backtest did "
                                   "not start (agent.backtest: live)");
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
  if (in_backtest(ctx.cfg)) {
    // Replay days are not the days a daily budget is for: a live backtest
    // has one budget for the whole run; a cache spends nothing.
    setup.daily_budget_usd = std::numeric_limits<double>::infinity();
    setup.restore_spend = false;
    setup.from_cache = agent.backtest == agent_backtest_mode::cache;
    if (agent.backtest == agent_backtest_mode::live) {
      setup.run_budget_usd = agent.backtest_budget_usd;
      setup.external = ctx.external;
    }
  }
  return caf::actor_cast<caf::actor>(spawn_agent(ctx.sys, std::move(setup)));
}

bool agent_runs(const node_config& cfg) {
  if (!in_backtest(cfg))
    return true;
  return model_decides(cfg.section<agent_config>(), true);
}

std::vector<std::string> agent_summary(const node_config& cfg) {
  if (!in_backtest(cfg))
    return {};
  auto& a = cfg.section<agent_config>();
  if (a.backend == agent_backend::none)
    return {"model in this backtest: none (agent.backend: none); the evaluator decides"};
  auto model = std::string{to_string(a.backend)} + " " + (a.model.empty() ? "(default model)" : a.model);
  switch (a.backtest) {
    case agent_backtest_mode::off:
      return {"model in this backtest: off (agent.backtest); the evaluator decides"};
    case agent_backtest_mode::cache: {
      auto files = cache_journals(cfg);
      std::string list;
      for (auto& f : files)
        list += (list.empty() ? "" : ", ") + f;
      return {"model in this backtest: cache, the earlier answers of " + model + " from "
              + (list.empty() ? "no journal yet (" + journal_path(cfg.node.data_dir) + " is missing)"
                              : list)
              + "; a prompt not found there costs nothing and the evaluator decides it"};
    }
    case agent_backtest_mode::live: {
      char budget[32];
      std::snprintf(budget, sizeof budget, "$%.2f", a.backtest_budget_usd);
      return {"model in this backtest: live, " + model + ", " + budget
              + " for the whole run (agent.backtest_budget_usd); the evaluator decides once it "
                "is spent"};
    }
  }
  return {};
}

live_estimate estimate_live_backtest(const node_config& cfg, timestamp from, timestamp to) {
  auto& a = cfg.section<agent_config>();
  auto& gate = cfg.section<gate_config>();
  auto& trader = cfg.section<trader_config>();
  auto limits = limits_of(cfg);
  auto id = cached_identity(a.backend, a.model, limits);
  live_estimate_input in;
  in.from = from;
  in.to = to;
  in.max_decisions_per_day = gate.max_decisions_per_day;
  in.max_check = gate.max_check;
  auto bars = cfg.market.symbols.size() * trader.prompt_intervals.size() * trader.prompt_bars;
  in.request_bytes = system_prompt(limits, trader.safety, id.tool_name).size() + id.schema.size()
                     + 100 * bars;
  in.max_tokens = a.max_tokens;
  in.prices = prices_of(a);
  in.backend = id.name;
  in.model = id.model;
  in.budget_usd = a.backtest_budget_usd;
  return estimate_live_calls(in);
}

bool confirm_model_calls(const node_config& cfg, timestamp from, timestamp to,
                         const confirm_terminal& terminal, std::istream& in, std::ostream& out,
                         std::string& why) {
  auto& a = cfg.section<agent_config>();
  if (!in_backtest(cfg) || a.backtest != agent_backtest_mode::live
      || a.backend == agent_backend::none)
    return true;
  return confirm_live_backtest(estimate_live_backtest(cfg, from, to), terminal, in, out, why);
}

node_service agent_service() {
  node_service s;
  // Outside a backtest it restores the day's spend from the journal; in a
  // backtest its cache may read the journal's earlier answers.
  s.spec = {"agent", {"event_log", "journal"},
            [](service_context& ctx) { return spawn_agent(ctx); }};
  s.runs = agent_runs;
  s.section = agent_section();
  s.summary = agent_summary;
  return s;
}

} // namespace tn
