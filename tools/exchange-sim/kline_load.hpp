#pragma once

// Reading 1m bars: Binance dump CSVs (spot without header, microseconds from
// 2025 on; futures with a header row, milliseconds) and raw /api/v3/klines
// JSON bodies. Everything is normalised to milliseconds and exact decimals.

#include "tools/exchange-sim/kline.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// Parses dump CSV text into `out` (symbol set by the caller); false with a
/// reason in `error` (naming the line) on malformed or non-1m data.
bool parse_kline_csv(std::string_view text, kline_series& out, std::string& error);

/// Parses a REST kline JSON array into `out`; false with a reason.
bool parse_kline_json(std::string_view text, kline_series& out, std::string& error);

/// The symbol a dump file name starts with: "BTCUSDT-1m-2025-07-13.csv" ->
/// "BTCUSDT"; empty if the name does not start with letters and digits.
std::string symbol_from_path(std::string_view path);

/// Splits a file `spec` (a path whose name starts with the symbol, or
/// SYMBOL=path) into the symbol and the path; false with the reason.
bool kline_spec(std::string_view spec, std::string& symbol, std::string& path,
                std::string& error);

/// Loads one file, JSON if its text starts with '[', CSV otherwise. `spec`
/// is a path or SYMBOL=path when the file name does not carry the symbol.
bool load_klines(std::string_view spec, kline_series& out, std::string& error);

/// Joins series of the same symbol (e.g. consecutive days) into one, in time
/// order; false if two files hold the same bar.
bool merge_series(std::vector<kline_series>& all, std::string& error);

/// Gives every trade a sequential id from `first_id` on, as an exchange
/// numbers them (f and L of kline events).
void assign_trade_ids(kline_series& series, int64_t first_id);

} // namespace tn::sim
