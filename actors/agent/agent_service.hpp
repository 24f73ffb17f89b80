#pragma once

// The agent's entry in the node's service table (actors/services.cpp).

#include "actors/agent/live_estimate.hpp"
#include "runtime/service_table.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace tn {

/// The agent: the model's decisions, under "agent". In a backtest it runs
/// as agent.backtest says: cache (answers from journals), live (the
/// backend, through the driver's external_calls, under
/// agent.backtest_budget_usd) or not at all (off, or no backend).
node_service agent_service();

/// Whether the agent service runs under `cfg`.
bool agent_runs(const node_config& cfg);

/// The start-up line on the model in a backtest; empty outside one.
std::vector<std::string> agent_summary(const node_config& cfg);

/// The estimate of a live backtest of `cfg` over [from, to): the gate's
/// cap and timer, the system prompt and schema of the configured backend,
/// a full snapshot at 100 bytes per bar shown, agent.max_tokens and prices.
live_estimate estimate_live_backtest(const node_config& cfg, timestamp from, timestamp to);

/// For the backtest driver before it starts: true at once unless `cfg` is
/// a backtest with agent.backtest live and a backend; then shows the
/// estimate on `out` and asks on `in` (confirm_live_backtest). False with
/// the reason in `why`: the backtest must not start.
bool confirm_model_calls(const node_config& cfg, timestamp from, timestamp to,
                         const confirm_terminal& terminal, std::istream& in, std::ostream& out,
                         std::string& why);

} // namespace tn
