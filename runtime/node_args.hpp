#pragma once

// The tradenode command line.

#include <string>
#include <vector>

namespace tn {

struct node_args {
  /// YAML config file; empty: the embedded default.
  std::string config_path;
  /// Validate the config and exit.
  bool check_config = false;
  bool help = false;
  bool version = false;
};

/// The --help text.
extern const char* const node_usage;

/// Parses the arguments after the program name. Returns false and explains
/// in `error` on an unknown option or a missing value.
bool parse_node_args(const std::vector<std::string>& args, node_args& out, std::string& error);

} // namespace tn
