#pragma once

// Order parameters as Binance validates them, shared by the spot and
// futures endpoints: each reader returns the error reply Binance sends for
// a missing, malformed or out-of-range value.

#include "tools/exchange-sim/exchange_info.hpp"
#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/rest.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace tn::sim {

/// The symbol's rules; -1102, -1100 or -1121 otherwise.
std::optional<http_reply> read_symbol(const exchange_info& info, const request_target& t,
                                      const symbol_rules*& out);

/// BUY -> true, SELL -> false; -1102 or -1117 otherwise.
std::optional<http_reply> read_side(const request_target& t, bool& buy);

/// A decimal at 8 decimals; absent leaves `out` unset. -1100 for
/// characters outside a decimal, -1111 for more than 8 decimals.
std::optional<http_reply> read_decimal(const request_target& t, std::string_view name,
                                       std::optional<units>& out);

/// A required decimal: as read_decimal, -1102 if absent.
std::optional<http_reply> require_decimal(const request_target& t, std::string_view name,
                                          units& out);

/// An optional non-negative integer (orderId, startTime, limit); -1100.
std::optional<http_reply> read_int(const request_target& t, std::string_view name,
                                   std::optional<int64_t>& out);

/// A client order id in `legal` characters, 1..36 long; -1100 otherwise.
/// `spot`: ^[a-zA-Z0-9-_]{1,36}$; futures also allow . : /
std::optional<http_reply> read_client_id(const request_target& t, std::string_view name,
                                         bool futures, std::string& out);

/// -1106 if `name` was sent.
std::optional<http_reply> refuse_param(const request_target& t, std::string_view name);

/// "Filter failure: NAME" (-1013).
http_reply filter_failure(std::string_view filter);

/// -2013 "Order does not exist." (queries).
http_reply no_such_order();

} // namespace tn::sim
