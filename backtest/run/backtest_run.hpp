#pragma once

// One backtest: the node's services on CAF's deterministic scheduler, fed
// the replayed minutes one at a time. The driver advances the replay clock
// to a minute's close, has the clock service send that time to its
// listeners, hands the minute's closed bars to the market replay and runs
// the scheduler until no actor has anything left to do: the pipeline has
// acknowledged the minute. Only then does the next one come. The same data,
// config and seed give the same messages in the same order, run after run.

#include "backtest/record.hpp"
#include "runtime/service_table.hpp"

#include <caf/expected.hpp>

#include <iosfwd>
#include <vector>

namespace tn::backtest {

/// Runs the backtest `cfg` describes (node.mode backtest; its backtest
/// section final: data files, period, output directory, seed) through the
/// services of `table` (the node's), writes trades.csv and report.json into
/// the output directory next to the run's journal, and returns the record.
/// Progress and the services' lines go to `log`.
/// With agent.backtest live, the estimated calls and cost are shown first
/// and the run starts only once confirmed (`yes`: without asking).
caf::expected<record> run_backtest(node_config cfg, const std::vector<node_service>& table,
                                   std::ostream& log, bool yes = false);

/// `tradenode backtest ARGS`: the exit code (0 ok, 1 failure, 2 bad config
/// or usage).
int run_backtest_command(const std::vector<std::string>& args,
                         const std::vector<node_service>& table, std::ostream& out,
                         std::ostream& err);

} // namespace tn::backtest
