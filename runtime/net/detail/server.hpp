#pragma once

// Internal to runtime/net: what the listener and the server sessions share.

#include "runtime/net/detail/asio.hpp"
#include "runtime/net/server.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <unordered_map>

namespace tn::net::detail {

/// A server session the server can shut down on stop().
class stoppable {
public:
  virtual ~stoppable() = default;
  /// Thread-safe.
  virtual void stop() = 0;
};

/// Shared by the listener and every session of one server.
class server_shared {
public:
  server_shared(server_handlers handlers, server_options options, std::shared_ptr<ssl::context> ctx)
    : handlers(std::move(handlers)), options(options), ctx(std::move(ctx)) {}

  const server_handlers handlers;
  const server_options options;
  const std::shared_ptr<ssl::context> ctx; ///< nullptr: plain

  /// A new session id.
  uint64_t next_id();

  /// Registers a live session; false once the server stopped.
  bool enroll(uint64_t id, std::weak_ptr<stoppable> session);

  void leave(uint64_t id);

  /// Marks the server stopped and stops every live session.
  void stop_all();

private:
  std::mutex mutex_;
  uint64_t last_id_ = 0;
  bool stopped_ = false;
  std::unordered_map<uint64_t, std::weak_ptr<stoppable>> sessions_;
};

using upgrade_request = beast::http::request<beast::http::string_body>;

/// Serves HTTP on an accepted connection (TLS first when the server has a context).
void start_http_session(std::shared_ptr<server_shared> shared, tcp::socket socket);

/// Takes over a connection whose request is a WebSocket upgrade.
template <class Stream>
void start_ws_session(std::shared_ptr<server_shared> shared, Stream stream, upgrade_request req);

extern template void start_ws_session<plain_stream>(std::shared_ptr<server_shared>, plain_stream,
                                                    upgrade_request);
extern template void start_ws_session<tls_stream>(std::shared_ptr<server_shared>, tls_stream,
                                                  upgrade_request);

} // namespace tn::net::detail
