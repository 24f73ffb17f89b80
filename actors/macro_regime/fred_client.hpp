#pragma once

// The FRED API over runtime/net's keep-alive client (certificates always
// verified): GET /fred/series/observations for one series. The key travels
// only in the request; every error text is stripped of it.

#include "messages/fwd.hpp"

#include <functional>
#include <memory>
#include <string>

namespace tn::net {
class http_client;
class io_thread;
} // namespace tn::net

namespace tn {

class fred_client {
public:
  /// A client for `base_url` (e.g. https://api.stlouisfed.org, or a
  /// loopback server in tests; a path is kept as a prefix). nullptr with
  /// `error` set if the URL is unusable. `io` must outlive the client.
  static std::shared_ptr<fred_client> make(net::io_thread& io, const std::string& base_url,
                                           std::string key, std::string ca_file,
                                           timespan timeout, std::string& error);

  ~fred_client();

  /// The request target for `series_id` from `start` on (the key included).
  std::string target(const std::string& series_id, timestamp start) const;

  /// Fetches the observations of `series_id` from `start` on. `done` runs
  /// once, on the I/O thread, with the body of a 200 answer and "", or ""
  /// and why it failed (the key never in it).
  void observations(const std::string& series_id, timestamp start,
                    std::function<void(std::string body, std::string error)> done);

private:
  fred_client() = default;

  std::shared_ptr<net::http_client> http_;
  std::string origin_; // scheme://host[:port]
  std::string prefix_;
  std::string key_;
  timespan timeout_{};
};

/// `text` with every occurrence of `secret` replaced by "***" (nothing if
/// `secret` is empty).
std::string redact(std::string text, const std::string& secret);

} // namespace tn
