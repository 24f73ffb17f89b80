#pragma once

// The network event loop: one boost::asio::io_context driven by its own
// thread(s). Every client and server of runtime/net lives on it; their
// callbacks run on these threads and never on an actor's.
//
// Lifetime: the io_thread must outlive every client, server and session made
// on it. Once it stops, callbacks still pending (a request's done, on_close)
// are dropped without running.

#include "messages/fwd.hpp"

#include <cstddef>
#include <functional>
#include <memory>

namespace tn::net {

class io_thread {
public:
  /// Starts `threads` threads running the io_context until stop().
  explicit io_thread(size_t threads = 1);

  /// stop() + join.
  ~io_thread();

  io_thread(const io_thread&) = delete;
  io_thread& operator=(const io_thread&) = delete;

  /// Stops the io_context and joins its threads; idempotent. Work still
  /// queued is dropped. Called from an I/O thread it stops without joining
  /// that thread (the destructor, on another thread, joins it).
  void stop();

  /// Runs `fn` on an I/O thread. Thread-safe.
  void post(std::function<void()> fn);

  /// Runs `fn` once on an I/O thread after `delay`. Thread-safe.
  void after(tn::timespan delay, std::function<void()> fn);

  /// True when called from one of this object's threads.
  bool on_io_thread() const;

  /// The Asio internals, for the .cpp files of runtime/net only.
  struct impl;
  impl& internals();

private:
  std::unique_ptr<impl> impl_;
};

} // namespace tn::net
