#pragma once

// The life of a test-equipment server binary (exchange-sim, llm-endpoint):
// start the server on its own I/O thread, say where it listens, and run
// until SIGINT or SIGTERM. Scripts and tests wait for the line
// "listening on <host>:<port>" on stdout before they connect.

#include "runtime/net/io_thread.hpp"

#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <string>

namespace tn::tools {

/// Builds a server with `make(io)`, starts it and serves until SIGINT or
/// SIGTERM, then stops it. `announce(server)` runs once it listens, before
/// the "listening on" line. Messages go to stderr prefixed by `tool`.
/// @returns the exit code: 0 after a signal, 2 when the server cannot start.
template <class Make, class Announce>
int serve_until_signal(const char* tool, const std::string& host, Make&& make,
                       Announce&& announce) {
  // Blocked before the I/O thread starts (it inherits the mask), so only
  // sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  net::io_thread io;
  auto server = make(io);
  std::string error;
  if (!server.start(error)) {
    io.stop();
    std::fprintf(stderr, "%s: %s\n", tool, error.c_str());
    return 2;
  }
  announce(server);
  std::printf("listening on %s:%u\n", host.c_str(), server.port());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&signals, &sig);
  std::fprintf(stderr, "%s: signal %d, shutting down\n", tool, sig);
  server.stop();
  io.stop();
  return 0;
}

} // namespace tn::tools
