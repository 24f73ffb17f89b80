#pragma once

// Internal to runtime/net: the Boost/OpenSSL side of the public headers.
// Never include this from outside runtime/net.

#include "runtime/net/io_thread.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace tn::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

struct io_thread::impl {
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> guard;
  std::vector<std::thread> threads;
  std::mutex mutex; // guards threads during stop()
  // Verifying client contexts by CA file, built once: loading a CA bundle
  // reads and parses a file, too slow to repeat on every connection.
  std::mutex contexts_mutex;
  std::map<std::string, std::shared_ptr<ssl::context>> client_contexts;

  explicit impl(size_t n) : ioc(static_cast<int>(n)), guard(ioc.get_executor()) {}
};

namespace detail {

using strand = asio::strand<asio::io_context::executor_type>;
using plain_stream = beast::tcp_stream;
using tls_stream = ssl::stream<beast::tcp_stream>;

template <class Stream>
inline constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

/// "what: message".
std::string describe(const char* what, const beast::error_code& ec);

/// A failed TLS handshake, with the certificate verification result if that
/// is what failed ("... certificate verify failed ... (Hostname mismatch)").
std::string describe_handshake(tls_stream& stream, const beast::error_code& ec);

/// A verifying client context; nullptr with `error` set when the CA file is unusable.
std::shared_ptr<ssl::context> make_client_context(const std::string& ca_file, std::string& error);

/// The client context of `io` for `ca_file` ("" for the system store),
/// built on first use and shared by every later connection; a CA file that
/// failed to load is tried again next time.
std::shared_ptr<ssl::context> client_context(io_thread& io, const std::string& ca_file,
                                             std::string& error);

/// A server context with the certificate and key loaded; nullptr with `error` set on failure.
std::shared_ptr<ssl::context> make_server_context(const std::string& cert_file,
                                                  const std::string& key_file, std::string& error);

/// Prepares a client TLS stream for `host`: SNI (for names only) and the
/// certificate name check (DNS or IP subjectAltName). False with `error` set on failure.
bool prepare_client_tls(tls_stream& stream, const std::string& host, std::string& error);

/// A fresh stream for a new connection on `ex`.
template <class Stream>
Stream make_stream(const strand& ex, ssl::context* ctx) {
  if constexpr (is_tls<Stream>)
    return Stream(ex, *ctx);
  else
    return Stream(ex);
}

/// Closes the TCP socket under `stream` (no TLS or WebSocket goodbye);
/// pending operations complete with an error.
template <class Stream>
void close_socket(Stream& stream) {
  beast::error_code ignored;
  auto& socket = beast::get_lowest_layer(stream).socket();
  if (socket.is_open()) {
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }
}

} // namespace detail
} // namespace tn::net
