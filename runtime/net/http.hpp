#pragma once

// HTTP/1.1 messages and the keep-alive client.

#include "messages/fwd.hpp"
#include "runtime/net/tls.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tn::net {

class io_thread;
struct url;

using header_list = std::vector<std::pair<std::string, std::string>>;

/// The value of the first header called `name` (case-insensitive), "" if absent.
std::string find_header(const header_list& headers, std::string_view name);

struct http_request {
  std::string method = "GET";
  std::string target = "/";
  header_list headers;
  std::string body;
  /// Server side: the id of the connection it arrived on (keep-alive shows as
  /// equal ids). Ignored by the client.
  uint64_t connection = 0;
  /// Case-insensitive; "" if absent.
  std::string header(std::string_view name) const;
};

struct http_response {
  unsigned status = 200;
  header_list headers;
  std::string body;
  /// Case-insensitive; "" if absent.
  std::string header(std::string_view name) const;
};

struct http_result {
  std::string error; ///< transport error (connect, TLS, timeout...); empty on success
  http_response response;
  /// With an error: the request was written in full, so the server may have
  /// acted on it, but no complete answer came back. The client never resends
  /// such a request; the caller decides (an order is looked up by its client
  /// id, a model call counts as failed).
  bool outcome_unknown = false;
  bool ok() const { return error.empty(); }
};

/// A client for one origin. The keep-alive connection is reused; requests are
/// queued with one in flight. A request is resent (once, on a fresh
/// connection) only when it provably never reached the server: the kept-alive
/// connection was found closed before writing, or the write failed. A
/// failure after a complete write is reported with `outcome_unknown`. Destroying the last handle is close(); `done`
/// callbacks still run, so they must not capture a raw pointer to an owner
/// that may be gone by then.
class http_client {
public:
  static std::shared_ptr<http_client> make(io_thread& io, const url& origin,
                                           tls_client_options tls);

  virtual ~http_client() = default;

  /// Queues `req`; Host, User-Agent and Content-Length are filled in when
  /// absent. Thread-safe. `done` runs exactly once, on the I/O thread; the
  /// timeout covers the whole exchange (queueing excluded), connect included.
  virtual void request(http_request req, tn::timespan timeout,
                       std::function<void(http_result)> done) = 0;

  /// Thread-safe. Pending and queued requests complete with error "closed".
  virtual void close() = 0;
};

} // namespace tn::net
