#pragma once

// A misbehaving loopback peer on plain POSIX sockets, for the failure modes a
// well-behaved server never shows.

#include <atomic>
#include <cstdint>
#include <future>
#include <thread>
#include <vector>

namespace tn::net::test {

class raw_server {
public:
  enum class mode {
    silent,          ///< accepts, then never reads or writes
    ws_silent,       ///< completes the WebSocket handshake, then goes quiet (no pongs)
    http_then_close, ///< answers one HTTP request keep-alive style, then closes
    swallow_second,  ///< answers the first request keep-alive style; reads the
                     ///< second in full, then closes without an answer
  };

  explicit raw_server(mode m);
  ~raw_server();

  uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }
  /// Requests read in full (swallow_second).
  int requests() const { return requests_; }

  /// Ready once the first connection was closed by us (http_then_close).
  std::shared_future<void> first_closed() const { return first_closed_; }

private:
  void run();
  void serve(int fd);

  mode mode_;
  uint16_t port_ = 0; // before listen_fd_: set while that is initialised
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> requests_{0};
  std::vector<int> held_;
  std::promise<void> closed_promise_;
  std::shared_future<void> first_closed_;
  bool closed_signalled_ = false;
  std::thread thread_;
};

/// A loopback port that is bound but not listening: connecting is refused,
/// and nobody else can take the port while this lives.
class reserved_port {
public:
  reserved_port();
  ~reserved_port();
  reserved_port(const reserved_port&) = delete;
  reserved_port& operator=(const reserved_port&) = delete;
  uint16_t port() const { return port_; }

private:
  uint16_t port_ = 0; // before fd_: set while that is initialised
  int fd_ = -1;
};

} // namespace tn::net::test
