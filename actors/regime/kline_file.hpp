#pragma once

// Daily klines from a file, for `tradenode regime`: a Binance dump CSV
// (spot without a header, microsecond times from 2025 on; futures with a
// header row, milliseconds) or a raw /api/v3/klines JSON body.
//
// A REST body does not record when it was fetched, and /api/v3/klines
// without an endTime ends with the bar still forming, whose close time
// lies after the fetch. The file cannot tell whether its last bar was
// still open, so the last bar of a REST file is always dropped (one day
// of data lost at worst; a forming bar's close would be a wrong return).
// Dump files are published after their period ends: every row is closed.

#include "actors/regime/daily_series.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn {

struct daily_file {
  /// Ascending, one per UTC day, no gaps.
  std::vector<daily_close> closes;
  /// "csv" or "rest-json".
  std::string format;
  /// A REST file's last bar, dropped as possibly open.
  bool dropped_last = false;
};

/// Parses file text: JSON if it starts with '[' (after blanks), else CSV.
/// False with the reason (naming the row) for a malformed row, a bar that
/// is not daily, days out of order or a missing day.
bool parse_daily_klines(std::string_view text, daily_file& out, std::string& error);

/// Reads and parses the file at `path`.
bool read_daily_klines(const std::string& path, daily_file& out, std::string& error);

} // namespace tn
