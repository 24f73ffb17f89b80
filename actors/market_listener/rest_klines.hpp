#pragma once

// GET /api/v3/klines (and /fapi/v1/klines): the request target and the
// parser of its body, an array of 12-element rows.

#include "messages/market.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// Closed bars of `symbol` and `span` opening in [first, last].
struct bar_request {
  std::string symbol;
  interval span = interval::m1;
  timestamp first;
  timestamp last;

  /// How many bars the range spans.
  uint32_t count() const {
    return static_cast<uint32_t>((last - first) / length_of(span)) + 1;
  }
};

/// Binance serves at most this many bars per klines request (spot).
constexpr uint32_t max_klines_per_request = 1000;

/// The request target for `req`, capped at max_klines_per_request bars.
/// `prefix` is "/api/v3" (spot) or "/fapi/v1" (futures).
std::string klines_target(std::string_view prefix, const bar_request& req);

/// Parses a klines response body into candles of `symbol`. Rows whose bar
/// has not closed by `now` are marked open (Binance returns the forming bar
/// last). Returns false and sets `error` on a malformed body; `out` is then
/// left empty.
bool parse_klines(std::string_view body, std::string_view symbol, interval span, timestamp now,
                  std::vector<candle>& out, std::string& error);

} // namespace tn
