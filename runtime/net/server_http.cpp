// The HTTP side of a server connection: TLS handshake, keep-alive request
// loop, and the hand-over of WebSocket upgrades.

#include "runtime/net/detail/server.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <atomic>
#include <optional>

namespace tn::net::detail {

namespace {

namespace http = beast::http;

constexpr auto handshake_limit = std::chrono::seconds{30};
constexpr auto keep_alive_limit = std::chrono::seconds{120};
constexpr auto write_limit = std::chrono::seconds{30};
constexpr uint64_t max_request_body = 16u << 20;

http_request from_beast(const upgrade_request& msg, uint64_t connection) {
  http_request req;
  req.connection = connection;
  req.method = std::string{msg.method_string()};
  req.target = std::string{msg.target()};
  for (auto& field : msg)
    req.headers.emplace_back(std::string{field.name_string()}, std::string{field.value()});
  req.body = msg.body();
  return req;
}

http::response<http::string_body> to_beast(http_response&& res, bool keep_alive) {
  http::response<http::string_body> msg;
  msg.result(res.status);
  msg.version(11);
  for (auto& [name, value] : res.headers)
    msg.insert(name, value);
  if (msg.find(http::field::content_type) == msg.end())
    msg.set(http::field::content_type, "application/json");
  if (msg.find(http::field::server) == msg.end())
    msg.set(http::field::server, "tradenode");
  msg.keep_alive(keep_alive);
  msg.body() = std::move(res.body);
  msg.prepare_payload();
  return msg;
}

template <class Stream>
class http_session : public stoppable, public std::enable_shared_from_this<http_session<Stream>> {
public:
  http_session(std::shared_ptr<server_shared> shared, tcp::socket socket)
    : shared_(std::move(shared)), id_(shared_->next_id()),
      stream_(make(std::move(socket), shared_->ctx.get())) {}

  ~http_session() override { shared_->leave(id_); }

  void start() {
    if (!shared_->enroll(id_, this->weak_from_this()))
      return;
    if constexpr (is_tls<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(handshake_limit);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](const beast::error_code& ec) {
                                if (!ec)
                                  self->read();
                              });
    } else {
      read();
    }
  }

  void stop() override {
    asio::post(stream_.get_executor(),
               [self = this->shared_from_this()] { close_socket(self->stream_); });
  }

private:
  static Stream make(tcp::socket socket, ssl::context* ctx) {
    if constexpr (is_tls<Stream>)
      return Stream(std::move(socket), *ctx);
    else
      return Stream(std::move(socket));
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(max_request_body);
    beast::get_lowest_layer(stream_).expires_after(keep_alive_limit);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
                       if (ec) // the peer left, timed out or sent garbage
                         return close_socket(self->stream_);
                       self->dispatch();
                     });
  }

  void dispatch() {
    auto msg = parser_->release();
    auto& lowest = beast::get_lowest_layer(stream_);
    lowest.expires_never();
    if (beast::websocket::is_upgrade(msg)) {
      shared_->leave(id_);
      return start_ws_session<Stream>(shared_, std::move(stream_), std::move(msg));
    }
    keep_alive_ = msg.keep_alive();
    auto once = std::make_shared<std::atomic<bool>>(false);
    auto respond = [self = this->shared_from_this(), once](http_response res) {
      if (once->exchange(true))
        return;
      asio::post(self->stream_.get_executor(),
                 [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    };
    if (shared_->handlers.on_http)
      shared_->handlers.on_http(from_beast(msg, id_), std::move(respond));
    else
      respond(http_response{404, {}, R"({"error":"not found"})"});
  }

  void write(http_response res) {
    auto msg = std::make_shared<http::response<http::string_body>>(
      to_beast(std::move(res), keep_alive_));
    beast::get_lowest_layer(stream_).expires_after(write_limit);
    http::async_write(stream_, *msg,
                      [self = this->shared_from_this(), msg](const beast::error_code& ec, size_t) {
                        if (ec || !self->keep_alive_)
                          return close_socket(self->stream_);
                        self->read();
                      });
  }

  std::shared_ptr<server_shared> shared_;
  uint64_t id_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
};

} // namespace

void start_http_session(std::shared_ptr<server_shared> shared, tcp::socket socket) {
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (shared->ctx)
    std::make_shared<http_session<tls_stream>>(std::move(shared), std::move(socket))->start();
  else
    std::make_shared<http_session<plain_stream>>(std::move(shared), std::move(socket))->start();
}

} // namespace tn::net::detail
