#pragma once

// The `tradenode backtest` command line.

#include <string>
#include <vector>

namespace tn::backtest {

struct backtest_args {
  /// YAML config with node.mode: backtest; needed (the embedded default is
  /// a paper node's).
  std::string config_path;
  /// Kline files replacing backtest.data.
  std::vector<std::string> data;
  /// The period and output directory replacing the config's ("" : keep).
  std::string from;
  std::string to;
  std::string out;
  /// agent.backtest live: start without asking (the estimate is still shown).
  bool yes = false;
  bool help = false;
};

/// The `tradenode backtest --help` text.
extern const char* const backtest_usage;

/// Parses the arguments after "backtest"; false with the reason in `error`
/// (an unknown option, a missing value, no --config without --help).
bool parse_backtest_args(const std::vector<std::string>& args, backtest_args& out,
                         std::string& error);

} // namespace tn::backtest
