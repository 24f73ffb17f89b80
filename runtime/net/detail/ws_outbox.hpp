#pragma once

// Internal to runtime/net: the text frames waiting to go out on one
// WebSocket stream, client or server side. Beast allows one async_write at a
// time, so frames queue here and go out one after the other.

#include "runtime/net/detail/asio.hpp"

#include <boost/asio/buffer.hpp>

#include <deque>
#include <string>
#include <utility>

namespace tn::net::detail {

class ws_outbox {
public:
  void push(std::string text) {
    frames_.push_back(std::move(text));
  }

  /// Drops the frames not yet written (the connection is gone).
  void clear() {
    frames_.clear();
  }

  /// Starts writing the queued frames on `ws` unless a write is under way.
  /// `more()` says whether to go on after each frame; it holds the owner of
  /// `ws` and of this outbox alive until the last write completes. A failed
  /// write closes the socket: the pending read reports why.
  template <class WebSocket, class More>
  void flush(WebSocket& ws, More more) {
    if (writing_ || frames_.empty())
      return;
    writing_ = true;
    ws.text(true);
    auto done = [this, &ws, more = std::move(more)](const beast::error_code& ec, size_t) mutable {
      writing_ = false;
      if (ec)
        return close_socket(ws.next_layer());
      frames_.pop_front();
      if (more())
        flush(ws, std::move(more));
    };
    ws.async_write(asio::buffer(frames_.front()), std::move(done));
  }

private:
  std::deque<std::string> frames_;
  bool writing_ = false;
};

} // namespace tn::net::detail
