#include "runtime/startup_summary.hpp"

#include "runtime/config/destination.hpp"
#include "runtime/config/duration.hpp"

#include <cstdio>
#include <set>

namespace tn {

namespace {

std::string join(const std::vector<std::string>& xs) {
  std::string out;
  for (auto& x : xs)
    out += (out.empty() ? "" : ", ") + x;
  return out;
}

/// Why a user should care where the exchange URLs point.
std::string exchange_note(const node_config& cfg) {
  auto where = classify_exchange_host(url_host(cfg.exchange.rest_url));
  switch (where) {
    case exchange_destination::loopback: return "this machine (e.g. tools/exchange-sim)";
    case exchange_destination::test: return "a Binance testnet/demo host, virtual funds";
    case exchange_destination::live:
      return cfg.node.mode == run_mode::live ? "the real exchange: REAL MONEY"
                                             : "the real exchange, market data only";
  }
  return "";
}

std::string decider(const agent_section& a) {
  if (a.backend == agent_backend::none)
    return "the evaluator decides: no model configured (agent.backend: none)";
  std::string model = a.model.empty() ? "its default model" : a.model;
  std::string where = a.backend == agent_backend::claude_cli ? "the " + a.cli_executable + " CLI"
                                                             : a.base_url;
  char budget[64];
  std::snprintf(budget, sizeof budget, "$%.2f", a.daily_budget_usd);
  return std::string{"the model decides ("} + to_string(a.backend) + ", " + model + " via " + where
         + ", daily budget " + budget
         + "); the evaluator takes over while it is unavailable, failing or over budget";
}

std::string first_decision(const gate_config& g, const std::vector<std::string>& symbols) {
  std::set<std::string> closes;
  for (auto& s : symbols)
    closes.insert(to_string(g.close_interval(s)));
  std::vector<std::string> list{closes.begin(), closes.end()};
  return "at the next " + join(list) + " candle close, a market move past the z-score "
         "thresholds, or at the latest " + format_duration(g.max_check) + " after start";
}

} // namespace

std::vector<std::string> startup_summary(const node_config& cfg, const std::string& source) {
  std::vector<std::string> lines;
  lines.push_back(std::string{"mode "} + to_string(cfg.node.mode) + ", config " + source
                  + ", node " + cfg.node.name);
  if (cfg.node.mode != run_mode::backtest)
    lines.push_back(std::string{"exchange: "} + to_string(cfg.exchange.market) + ", REST "
                    + cfg.exchange.rest_url + ", streams " + cfg.exchange.ws_url + " ("
                    + exchange_note(cfg) + ")");
  lines.push_back("symbols: " + join(cfg.market.symbols));
  lines.push_back("decisions: " + decider(cfg.agent));
  if (cfg.node.mode != run_mode::backtest)
    lines.push_back("first decision: " + first_decision(cfg.gate, cfg.market.symbols));
  return lines;
}

} // namespace tn
