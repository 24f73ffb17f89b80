#include "actors/broker/binance_sign.hpp"

#include "runtime/net/hmac.hpp"

namespace tn {

net::http_request to_http(const rest_call& c, std::string_view prefix, const binance_keys& keys,
                          int64_t timestamp_ms, int64_t recv_window_ms) {
  net::http_request req;
  req.method = c.method;
  auto params = c.is_signed
                  ? net::binance_signed_query(c.params, keys.secret, timestamp_ms, recv_window_ms)
                  : c.params;
  req.target = std::string{prefix} + c.path;
  if (c.method == "POST") {
    req.body = std::move(params);
    req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  } else if (!params.empty()) {
    req.target += "?" + params;
  }
  if (c.is_signed)
    req.headers.emplace_back("X-MBX-APIKEY", keys.api_key);
  return req;
}

} // namespace tn
