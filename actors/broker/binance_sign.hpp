#pragma once

// A rest_call as the HTTP request that goes out: signed ones carry the API
// key header and `recvWindow`, `timestamp` and `signature` after their
// parameters; GET and DELETE send them in the query, POST as a form body
// (as Binance's connectors and ccxt do). Pure: the timestamp is an argument.

#include "actors/broker/binance_config.hpp"
#include "actors/broker/binance_request.hpp"
#include "runtime/net/http.hpp"

#include <cstdint>
#include <string_view>

namespace tn {

/// `c` under `prefix` (any path of the REST URL, "" for none). `keys` is
/// used only when the call is signed; `timestamp_ms` is the exchange's time
/// as the node reckons it (wall clock plus the server-time offset).
net::http_request to_http(const rest_call& c, std::string_view prefix, const binance_keys& keys,
                          int64_t timestamp_ms, int64_t recv_window_ms);

} // namespace tn
