#pragma once

// An exchange's HTTP answer, as the binance broker's logic reads it, for
// tests.

#include "runtime/net/http.hpp"

#include <string>
#include <utility>

namespace tn::test {

/// An answer with `status`, `headers` and `body`.
inline net::http_response answer(unsigned status, net::header_list headers,
                                 std::string body = "{}") {
  net::http_response r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

} // namespace tn::test
