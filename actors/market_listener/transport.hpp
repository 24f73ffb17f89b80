#pragma once

// How the market listener reaches the exchange. The real transport speaks
// WebSocket and REST through runtime/net and answers with messages to the
// listener; tests substitute a recording fake and inject those messages.

#include "actors/market_listener/rest_klines.hpp"
#include "messages/actors.hpp"
#include "runtime/config/config.hpp"

#include <memory>
#include <string>

namespace tn::net {
class io_thread;
}

namespace tn {

class market_transport {
public:
  virtual ~market_transport() = default;

  /// Opens the stream at `url`, closing any previous one. Events come back
  /// to `listener` tagged with `conn`: (ws_open), (frame, batch), (frame,
  /// error), (ws_closed, reason); a server shutdown notice asks for
  /// (connect).
  virtual void open_stream(const std::string& url, uint64_t conn,
                           const market_listener_actor& listener) = 0;

  /// Closes the stream, if open.
  virtual void close_stream() = 0;

  /// Fetches the bars of `req`; the answer comes back to `listener` as
  /// (gap_fill, symbol, bars) or (gap_fill, symbol, error, retry_after).
  virtual void fetch_gap(const bar_request& req, const market_listener_actor& listener) = 0;
};

/// The transport over runtime/net; its gap fills go through the node's
/// REST scheduler. Null with `error` set if the config's URLs are unusable.
std::unique_ptr<market_transport> make_net_transport(net::io_thread& io, const node_config& cfg,
                                                     std::string& error);

} // namespace tn
