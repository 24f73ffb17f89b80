#pragma once

// exchange-sim's command line.

#include "tools/exchange-sim/faults.hpp"
#include "tools/exchange-sim/spot_engine.hpp"
#include "tools/exchange-sim/synthetic.hpp"
#include "tools/exchange-sim/weights.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn::sim {

/// The start of the synthetic market when not rebased: 2024-01-01 00:00 UTC.
inline constexpr int64_t synthetic_epoch_ms = 1'704'067'200'000;

struct sim_options {
  std::string host = "127.0.0.1";
  int port = 18443;
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> data_files; // paths or SYMBOL=path
  std::vector<synthetic_symbol> synthetic;
  uint64_t seed = 1;
  double speed = 1;
  bool rebase_now = false;
  std::string exchange_info_file;
  std::string futures_exchange_info_file;
  int updates_per_bar = 6;
  int history_bars = 0;
  fault_options faults;
  weight_options weights;
  std::string api_key;    // --api-key, default $BINANCE_API_KEY
  std::string api_secret; // --api-secret, default $BINANCE_SECRET_KEY
  account_options account;
  /// --fill-share: the share of each replay update's volume resting limit
  /// orders may fill, at 8 decimals (0.1 = 10 %).
  units fill_share = pow10(8) / 10;
  std::string record_file;
  bool help = false;
};

/// Parses the arguments after the program name ("--flag value" or
/// "--flag=value"); false with a reason in `error`. The caller sets the
/// key pair's defaults (from the environment) in `out` first.
bool parse_options(const std::vector<std::string>& args, sim_options& out, std::string& error);

/// The --help text.
std::string usage();

} // namespace tn::sim
