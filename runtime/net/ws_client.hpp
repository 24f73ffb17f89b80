#pragma once

// WebSocket (ws/wss) client. Server pings are answered automatically. If
// nothing at all (data, ping, pong) arrives for half the idle_timeout the
// client pings; if still nothing arrives by the full idle_timeout it closes
// with reason "idle timeout". A zero idle_timeout disables both.

#include "messages/fwd.hpp"
#include "runtime/net/tls.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace tn::net {

class io_thread;
struct url;

struct ws_callbacks {
  /// The handshake completed.
  std::function<void()> on_open;
  /// A text (or binary) message; the view is valid during the call only.
  std::function<void(std::string_view text)> on_message;
  /// Exactly once per connect(): after a failed connect, or when an open
  /// connection ended (clean close, error, idle timeout).
  std::function<void(std::string reason)> on_close;
};

/// The handle of one connection. Destroying the last handle is close(): the
/// callbacks still run until on_close, so they must not capture a raw pointer
/// to an owner that may be gone by then (send to an actor handle instead).
class ws_client {
public:
  static std::shared_ptr<ws_client> connect(io_thread& io, const url& target,
                                            tls_client_options tls, ws_callbacks cbs,
                                            tn::timespan handshake_timeout,
                                            tn::timespan idle_timeout);

  virtual ~ws_client() = default;

  /// Thread-safe; queued; sent as text frames.
  virtual void send(std::string text) = 0;

  /// Thread-safe; sends a close frame, on_close follows.
  virtual void close() = 0;
};

} // namespace tn::net
