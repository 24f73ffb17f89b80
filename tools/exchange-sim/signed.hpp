#pragma once

// Signed (TRADE / USER_DATA) requests as Binance checks them: the API key
// header, the HMAC-SHA256 signature over the query string followed by the
// form body, and the timestamp against the server's wall clock within
// recvWindow.

#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/rest.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace tn::sim {

/// The one key pair the simulator accepts.
struct api_keys {
  std::string key;
  std::string secret;
};

/// A request as the private endpoints need it.
struct private_request {
  std::string_view method;
  std::string_view target; // path and query string, as sent
  std::string_view body;   // form-encoded, may be empty
  std::string_view api_key; // the X-MBX-APIKEY header, empty if absent
};

/// The request's parameters (query first, then body: Binance lets the query
/// win on duplicates) with its path, if the key, signature and timestamp
/// pass; else the error reply Binance sends (-2014, -2015, -1102, -1022,
/// -1021, -1131).
std::optional<http_reply> check_signed(const api_keys& keys, const private_request& req,
                                       int64_t wall_ms, request_target& out);

/// Only the API key (USER_STREAM and MARKET_DATA with a key): -2014/-2015.
std::optional<http_reply> check_api_key(const api_keys& keys, std::string_view api_key);

} // namespace tn::sim
