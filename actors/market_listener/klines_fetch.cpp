#include "actors/market_listener/klines_fetch.hpp"

#include "actors/market_listener/rest_scheduler.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace tn {

std::shared_ptr<net::http_client> make_rest_client(net::io_thread& io,
                                                   const exchange_section& cfg,
                                                   std::string& error) {
  net::url origin;
  if (!net::parse_url(cfg.rest_url, origin, error))
    return nullptr;
  return net::http_client::make(io, origin, net::tls_client_options{cfg.ca_file});
}

std::string rest_url_path(const exchange_section& cfg) {
  net::url origin;
  std::string error;
  std::string path;
  if (net::parse_url(cfg.rest_url, origin, error) && origin.target != "/")
    path = origin.target;
  while (!path.empty() && path.back() == '/')
    path.pop_back();
  return path;
}

std::string klines_prefix(const exchange_section& cfg) {
  return rest_url_path(cfg) + (cfg.market == market_kind::spot ? "/api/v3" : "/fapi/v1");
}

timespan retry_after(const std::string& header) {
  int64_t secs = 0;
  auto [end, err] = std::from_chars(header.data(), header.data() + header.size(), secs);
  if (err != std::errc{} || end != header.data() + header.size() || secs < 0)
    return timespan{};
  return std::chrono::seconds{secs};
}

int64_t klines_weight(market_kind market, uint32_t limit) {
  if (market == market_kind::spot)
    return 2;
  return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
}

void fetch_klines(rest_scheduler& rest, const exchange_section& cfg, const bar_request& req,
                  std::function<void(klines_result)> done) {
  rest.get(klines_target(klines_prefix(cfg), req),
           klines_weight(cfg.market, std::min(req.count(), max_klines_per_request)),
           cfg.rest_timeout, [req, done = std::move(done)](net::http_result result) {
             klines_result out;
             auto& res = result.response;
             if (!result.ok()) {
               out.error = result.error;
             } else if (res.status != 200) {
               out.error = fmt::format("HTTP {}: {}", res.status, res.body.substr(0, 200));
               out.retry_after = retry_after(res.header("Retry-After"));
             } else {
               parse_klines(res.body, req.symbol, req.span, req.last + length_of(req.span),
                            out.bars, out.error);
             }
             done(std::move(out));
           });
}

} // namespace tn
