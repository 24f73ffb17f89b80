#pragma once

// HTTP(S) + WebSocket server on one port: plain HTTP requests go to on_http,
// upgrades on any path become ws_sessions.

#include "messages/fwd.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/tls.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace tn::net {

class io_thread;

class ws_session {
public:
  virtual ~ws_session() = default;
  virtual uint64_t id() const = 0;
  /// Request target of the upgrade, e.g. "/stream?streams=btcusdt@kline_1m".
  virtual const std::string& target() const = 0;
  /// Thread-safe, queued.
  virtual void send(std::string text) = 0;
  /// Thread-safe; graceful close frame.
  virtual void close() = 0;
  /// Thread-safe; abrupt: shuts the TCP socket, no close frame (fault injection).
  virtual void drop() = 0;
};

struct server_handlers {
  /// Any non-upgrade HTTP request. Answer by calling respond exactly once (now
  /// or later, from any thread). Content-Type comes from the response headers,
  /// default application/json.
  std::function<void(const http_request&, std::function<void(http_response)> respond)> on_http;
  /// A WebSocket upgrade was accepted (on any path).
  std::function<void(const std::shared_ptr<ws_session>&)> on_ws_open;
  std::function<void(const std::shared_ptr<ws_session>&, std::string_view text)> on_ws_message;
  /// Once per opened session.
  std::function<void(const std::shared_ptr<ws_session>&)> on_ws_close;
};

struct server_options {
  /// Ping an idle WebSocket client after this long; close it if no answer
  /// follows within the same time. Zero disables pings and the idle check.
  tn::timespan ws_ping_interval = std::chrono::seconds{30};
};

/// The handle of a listening server; destroying the last handle is stop().
class server {
public:
  /// Listens on host:port (port 0 = a free one); tls == nullptr: plain.
  /// Returns nullptr and sets `error` on failure (port in use, bad cert...).
  static std::shared_ptr<server> listen(io_thread& io, const std::string& host, uint16_t port,
                                        const tls_server_options* tls, server_handlers handlers,
                                        std::string& error);
  static std::shared_ptr<server> listen(io_thread& io, const std::string& host, uint16_t port,
                                        const tls_server_options* tls, server_handlers handlers,
                                        server_options options, std::string& error);

  virtual ~server() = default;
  virtual uint16_t port() const = 0;
  /// Thread-safe; stops accepting and closes every session. Idempotent.
  virtual void stop() = 0;
};

} // namespace tn::net
