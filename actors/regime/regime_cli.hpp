#pragma once

// `tradenode regime --data FILE [--last N]`: fits the regime detector's
// model (hmm_fit.hpp, the options the node uses by default) to the daily
// log returns of a kline file (kline_file.hpp) and prints one JSON object.

#include "actors/regime/hmm_fit.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace tn {

struct regime_cli_args {
  std::string data;
  /// Fit the newest N log returns; 0: every return of the file.
  uint32_t last = 0;
  bool help = false;
};

/// The subcommand's --help text.
extern const char* const regime_usage;

/// Parses the arguments after "regime"; false with the reason.
bool parse_regime_args(const std::vector<std::string>& args, regime_cli_args& out,
                       std::string& error);

/// The fit as one JSON object: loglik, iterations, converged, observations,
/// from/to (the first and last day whose close was used), means, variances,
/// transition_matrix (rows and columns low_vol, high_vol), filtered_last
/// {low_vol, high_vol} and regime.
std::string regime_json(const hmm_fit& fit, const std::string& from, const std::string& to);

/// Runs the subcommand: 0 with the JSON on `out`, 2 on bad usage, 1 when the
/// file cannot be read or holds too few returns; reasons go to `err`.
int run_regime_command(const std::vector<std::string>& args, std::ostream& out,
                       std::ostream& err);

} // namespace tn
