#pragma once

// The backtest's settings (config section `backtest`): what it replays,
// over which period, where it writes, and its seed. Pure: no CAF.

#include "messages/fwd.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tn {

struct backtest_config {
  /// Kline files: paths whose names start with the symbol
  /// (BTCUSDT-1m-2025-07-13.csv) or SYMBOL=path. --data replaces them.
  std::vector<std::string> data;
  /// A futures backtest's funding-rate, open-interest and global long/short
  /// account ratio history files, one per symbol and kind, named like the
  /// kline files (a name starting with the symbol, or SYMBOL=path); the
  /// derivatives monitor reads them as of replay time
  /// (actors/derivatives/derivs_files.hpp lists the layouts). --data leaves
  /// them as they are.
  std::vector<std::string> funding;
  std::vector<std::string> open_interest;
  std::vector<std::string> long_short_ratio;
  /// The replayed period: bars opening at or after `from` and closing at or
  /// before `to`; the epoch: the data's first or last bar. Bars before
  /// `from` are the warm-up history.
  timestamp from;
  timestamp to;
  /// The directory of trades.csv, report.json and the run's journal; its
  /// journal is started afresh at every run.
  std::string out = "var/backtest";
  /// The exchange's trading rules: a saved /api/v3/exchangeInfo (spot) or
  /// /fapi/v1/exchangeInfo (futures) body, which risk reads instead of
  /// asking the exchange. Empty: risk has no rules and refuses every order.
  std::string exchange_info;
  /// Seed of every random draw the run makes (jitter, sampling); the same
  /// data, config and seed give the same trades.
  uint32_t seed = 1;
  /// Training cutoffs by model id prefix: a model deciding over a period
  /// before its cutoff may have seen those prices, and the report says so.
  std::map<std::string, timestamp> model_cutoffs;

  /// "" if usable, otherwise the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

/// Parses a UTC time written as YYYY-MM-DD, YYYY-MM-DDTHH:MM or
/// YYYY-MM-DDTHH:MM:SS, optionally ending in Z (a space may stand for T).
bool parse_utc_time(const std::string& text, timestamp& out);

} // namespace tn
