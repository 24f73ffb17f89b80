#pragma once

// Internal to runtime/net: resolve, connect and (for TLS) handshake a client
// stream. Shared by the HTTP and WebSocket clients.

#include "runtime/net/detail/asio.hpp"
#include "runtime/net/url.hpp"

#include <string>
#include <utility>

namespace tn::net::detail {

/// Opens `stream` to `target`, then calls done("") or done(error). The caller
/// keeps `stream` and `resolver` alive until done runs (done should own them).
/// To abort, cancel the resolver and close the socket: done then reports an error.
template <class Stream, class Done>
void async_open(Stream& stream, tcp::resolver& resolver, const url& target, Done done) {
  auto on_connect = [&stream, host = target.host, done](const beast::error_code& ec,
                                                        const tcp::endpoint&) mutable {
    if (ec)
      return done(describe("connect", ec));
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true), ignored);
    if constexpr (is_tls<Stream>) {
      std::string error;
      if (!prepare_client_tls(stream, host, error))
        return done(std::move(error));
      stream.async_handshake(ssl::stream_base::client,
                             [&stream, done](const beast::error_code& ec) mutable {
                               done(ec ? describe_handshake(stream, ec) : std::string{});
                             });
    } else {
      done(std::string{});
    }
  };
  resolver.async_resolve(target.host, std::to_string(target.port),
                         [&stream, on_connect, done](const beast::error_code& ec,
                                                     tcp::resolver::results_type results) mutable {
                           if (ec)
                             return done(describe("resolve", ec));
                           beast::get_lowest_layer(stream).async_connect(results, on_connect);
                         });
}

} // namespace tn::net::detail
