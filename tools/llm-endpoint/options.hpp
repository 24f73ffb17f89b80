#pragma once

// llm-endpoint's command line.

#include <cstdint>
#include <string>
#include <vector>

namespace tn::llm {

struct cli_options {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string cert_file;
  std::string key_file;
  std::string script_file;
  /// The variable holding the key requests must carry ("" = any key).
  std::string api_key_env;
  bool quiet = false;
  bool help = false;
};

/// Parses the arguments after the program name ("--flag value" or
/// "--flag=value"); false with a reason in `error`.
bool parse_cli(const std::vector<std::string>& args, cli_options& out, std::string& error);

/// The --help text.
std::string usage();

} // namespace tn::llm
