#pragma once

// tradenode backtest --sweep FILE [--out DIR] [more backtest options]
//
// The command line of a sweep. Options other than --sweep and --out
// (--data, --from, --to, --yes, ...) go to every point's backtest after the
// sweep file's own args; --config is refused (the sweep file names the base
// config). DIR defaults to var/sweep/<the sweep file's name without .yaml>.
// Each point config is checked with the node's own loader before anything
// runs, so a mistyped key stops the sweep with the loader's message and
// the point's name.

#include "runtime/config/config_section.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace tn::backtest {

/// The --help text of the sweep options.
extern const char* const sweep_usage;

/// Whether the backtest's arguments ask for a sweep (contain --sweep).
bool is_sweep(const std::vector<std::string>& args);

/// Runs the sweep `args` (the arguments after "backtest") describe, with
/// `program` as each point's tradenode (the running binary: pass
/// "/proc/self/exe", which is resolved before any child starts) and `sections`
/// the node's service sections for the config check. The exit status of
/// run_sweep, or 2 on a bad command line or sweep file.
int run_sweep_command(const std::vector<std::string>& args,
                      const std::vector<config_section>& sections, const std::string& program,
                      std::ostream& out, std::ostream& err);

} // namespace tn::backtest
