#pragma once

// Fetching klines over REST for the market services' actor shells.

#include "actors/market_listener/rest_klines.hpp"
#include "runtime/config/config.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tn::net {
class http_client;
class io_thread;
} // namespace tn::net

namespace tn {

class rest_scheduler;

/// The REST client for the configured exchange, or an error message.
std::shared_ptr<net::http_client> make_rest_client(net::io_thread& io,
                                                   const exchange_section& cfg,
                                                   std::string& error);

/// The path of rest_url (e.g. a proxy prefix) without a trailing slash; ""
/// for a bare origin.
std::string rest_url_path(const exchange_section& cfg);

/// The klines path prefix: "/api/v3" on spot, "/fapi/v1" on futures, after
/// any path in rest_url (e.g. a proxy prefix).
std::string klines_prefix(const exchange_section& cfg);

/// How a klines fetch ended: the bars, or an error message (transport, HTTP
/// status, body) and the wait the exchange asked for (429/418 Retry-After).
struct klines_result {
  std::vector<candle> bars;
  std::string error;
  timespan retry_after{};
};

/// The request weight of a klines request for `limit` bars.
int64_t klines_weight(market_kind market, uint32_t limit);

/// Fetches the closed bars of `req` through the node's REST scheduler;
/// `done` runs once on the I/O thread.
void fetch_klines(rest_scheduler& rest, const exchange_section& cfg, const bar_request& req,
                  std::function<void(klines_result)> done);

/// The wait a Retry-After header asks for (seconds); zero if absent or not
/// a number.
timespan retry_after(const std::string& header);

} // namespace tn
