#pragma once

// The readers of funding-rate and open-interest history files, for a
// futures backtest (derivs_history.hpp keeps their values per symbol and
// answers them as of a time). Pure: the file's text in, no I/O, no CAF.
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
// Long/short account ratio files (one symbol each):
//   - the body of GET /futures/data/globalLongShortAccountRatio:
//     `[{"symbol","longShortRatio":"..","longAccount":"..","shortAccount":"..",
//     "timestamp":ms}]` (PROTOCOLS.md);
//   - a JSON array of `{"time": ms, "ratio": number, "longAccount": number,
//     "shortAccount": number}` (BTCUSDT-globalLongShortAccountRatio-...parsed.json);
//   - CSV with a header naming the columns `timestamp` (or `time`),
//     `longShortRatio` (or `ratio`), `longAccount` and `shortAccount` (others
//     are ignored; LF or CRLF), the time a UTC date-time or epoch
//     milliseconds, the values decimal numbers.
// Not read: data.binance.vision's `metrics` and monthly `fundingRate` dump
// files, whose layouts neither PROTOCOLS.md nor the data README documents.
//
// Rates and open interest are fixed point (8 decimals): decimal strings
// exactly; JSON numbers (the re-encoded files) as their shortest
// round-trip text, exact when that has at most 8 decimals (Binance's rates
// and quantities do), else rounded to the nearest 1e-8. The long/short
// ratio and account shares are doubles, as the live monitor reads them
// (derivatives_wire's long_short_sample: analytics, no money); they must be
// finite and not negative. Rows must be in strictly
// ascending time. An error names the file and line ("path:12: ...").

#include "messages/fwd.hpp"
#include "runtime/money/decimal.hpp"

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

/// One point of the global long/short account ratio: longs / shorts, and
/// the shares of accounts long and short (fractions).
struct long_short_point {
  timestamp time;
  double ratio = 0;
  double long_account = 0;
  double short_account = 0;
};

/// Reads funding events from `text`, the content of the file `name` (named
/// in errors). False with `error` set ("name:line: why").
bool parse_funding_file(std::string_view text, const std::string& name,
                        std::vector<funding_event>& out, std::string& error);

/// Reads open interest points from `text`, the content of the file `name`.
bool parse_open_interest_file(std::string_view text, const std::string& name,
                              std::vector<oi_point>& out, std::string& error);

/// Reads long/short ratio points from `text`, the content of the file `name`.
bool parse_long_short_file(std::string_view text, const std::string& name,
                           std::vector<long_short_point>& out, std::string& error);

} // namespace tn
