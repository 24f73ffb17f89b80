#pragma once

// Funding-rate and open-interest history files, for a futures backtest, and
// their values as of a time. Pure: no I/O beyond reading the named file, no
// CAF.
//
// Funding files (one symbol each):
//   - CSV with the header `fundingTime,fundingRate` (LF or CRLF), the time a
//     UTC date-time `YYYY-MM-DD HH:MM:SS[.ffffff]` or epoch milliseconds, the
//     rate a decimal string (BTCUSDT-fundingRate-2024-07-19_2025-06-17.csv);
//   - the body of GET /fapi/v1/fundingRate: `[{"symbol","fundingRate":"..",
//     "fundingTime":ms,...}]` (PROTOCOLS.md);
//   - a JSON array of `{"time": ms, "rate": number}` (the re-encoded
//     BTCUSDT-fundingRate-...parsed.json).
// Open-interest files (one symbol each):
//   - the body of GET /futures/data/openInterestHist: `[{"symbol",
//     "sumOpenInterest":"..","sumOpenInterestValue":"..","timestamp":ms}]`;
//   - a JSON array of `{"time": ms, "openInterest": number,
//     "openInterestValue": number}` (BTCUSDT-openInterestHist-1h-...parsed.json).
// Not read: data.binance.vision's `metrics` and monthly `fundingRate` dump
// files, whose layouts neither PROTOCOLS.md nor the data README documents.
//
// Rates and open interest are fixed point (8 decimals): decimal strings
// exactly; JSON numbers (the re-encoded files) as their shortest
// round-trip text, exact when that has at most 8 decimals (Binance's rates
// and quantities do), else rounded to the nearest 1e-8. Rows must be in strictly
// ascending time. An error names the file and line ("path:12: ...").

#include "messages/fwd.hpp"
#include "runtime/money/decimal.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// One funding settlement.
struct funding_event {
  timestamp time;
  decimal rate; // a fraction: 0.0001 is 0.01 %
};

/// Open interest at a time, in contracts (base asset); its value in the
/// quote asset when the file gives it.
struct oi_point {
  timestamp time;
  decimal open_interest;
  std::optional<decimal> value;
};

/// Reads funding events from `text`, the content of the file `name` (named
/// in errors). False with `error` set ("name:line: why").
bool parse_funding_file(std::string_view text, const std::string& name,
                        std::vector<funding_event>& out, std::string& error);

/// Reads open interest points from `text`, the content of the file `name`.
bool parse_open_interest_file(std::string_view text, const std::string& name,
                              std::vector<oi_point>& out, std::string& error);

/// Funding and open interest per symbol, asked as of a time.
class derivs_history {
public:
  /// Loads `funding` and `open_interest` files: each a path whose file name
  /// starts with the symbol (BTCUSDT-fundingRate-....csv) or SYMBOL=path.
  /// At most one file of each kind per symbol. False with `error` set.
  bool load(const std::vector<std::string>& funding, const std::vector<std::string>& open_interest,
            std::string& error);

  void add_funding(const std::string& symbol, std::vector<funding_event> events);
  void add_open_interest(const std::string& symbol, std::vector<oi_point> points);

  bool empty() const { return funding_.empty() && oi_.empty(); }
  bool has_funding(const std::string& symbol) const { return funding_.count(symbol) > 0; }
  bool has_open_interest(const std::string& symbol) const { return oi_.count(symbol) > 0; }

  /// The symbols with a file of either kind, ascending.
  std::vector<std::string> symbols() const;

  /// The last funding event with time <= `t`; none before the first.
  std::optional<funding_event> funding_at(const std::string& symbol, timestamp t) const;

  /// The funding time after the last one at or before `t`: that time's hour
  /// plus the interval between it and the one before (whole hours), 8 h
  /// with only one. Known from the schedule, not from the events after `t`.
  std::optional<timestamp> next_funding(const std::string& symbol, timestamp t) const;

  /// The last `limit` open interest points with time <= `t`, oldest first.
  std::vector<oi_point> open_interest_at(const std::string& symbol, timestamp t,
                                         size_t limit) const;

  /// The first and last time of the symbol's funding events / open
  /// interest points (none without).
  std::optional<std::pair<timestamp, timestamp>> funding_span(const std::string& symbol) const;
  std::optional<std::pair<timestamp, timestamp>> open_interest_span(const std::string& symbol) const;

private:
  std::map<std::string, std::vector<funding_event>> funding_;
  std::map<std::string, std::vector<oi_point>> oi_;
};

/// The symbol of a file spec: SYMBOL=path, or the file name's part before
/// its first '-'. Empty when neither gives an upper-case symbol.
std::string derivs_spec_symbol(const std::string& spec, std::string& path);

} // namespace tn
