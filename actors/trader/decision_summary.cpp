#include "actors/trader/decision_summary.hpp"

#include "actors/agent/agent_config.hpp"
#include "actors/gate/gate_config.hpp"
#include "runtime/config/duration.hpp"

#include <cstdio>
#include <set>

namespace tn {

namespace {

std::string decider(const agent_config& a, bool backtest) {
  if (a.backend == agent_backend::none)
    return "the evaluator decides: no model configured (agent.backend: none)";
  if (!model_decides(a, backtest))
    return "the evaluator decides: the model is off in backtests (agent.backtest: off)";
  if (backtest)
    return std::string{"the model decides ("} + to_string(a.backend) + ", agent.backtest: "
           + to_string(a.backtest) + "); the evaluator takes over for what it cannot answer";
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
  std::string list;
  for (auto& close : closes)
    list += (list.empty() ? "" : ", ") + close;
  return "at the next " + list + " candle close, a market move past the z-score "
         "thresholds, or at the latest " + format_duration(g.max_check) + " after start";
}

} // namespace

std::vector<std::string> decision_summary(const node_config& cfg) {
  std::vector<std::string> lines{"decisions: " + decider(cfg.section<agent_config>(),
                                                      cfg.node.mode == run_mode::backtest)};
  if (cfg.node.mode != run_mode::backtest)
    lines.push_back("first decision: "
                    + first_decision(cfg.section<gate_config>(), cfg.market.symbols));
  return lines;
}

} // namespace tn
