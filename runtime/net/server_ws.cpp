// The WebSocket side of a server connection, after the upgrade request.

#include "runtime/net/detail/server.hpp"
#include "runtime/net/detail/ws_outbox.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace tn::net::detail {

namespace {

namespace websocket = beast::websocket;

constexpr auto handshake_limit = std::chrono::seconds{30};

template <class Stream>
class ws_server_session : public ws_session,
                          public stoppable,
                          public std::enable_shared_from_this<ws_server_session<Stream>> {
public:
  ws_server_session(std::shared_ptr<server_shared> shared, Stream stream, std::string target)
    : shared_(std::move(shared)), id_(shared_->next_id()), target_(std::move(target)),
      ws_(std::move(stream)) {}

  ~ws_server_session() override { shared_->leave(id_); }

  uint64_t id() const override { return id_; }
  const std::string& target() const override { return target_; }

  void send(std::string text) override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this(), text = std::move(text)]() mutable {
      if (!self->open_ || self->closing_)
        return;
      self->outbox_.push(std::move(text));
      self->write_queued();
    });
  }

  void close() override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
      if (self->closing_)
        return;
      self->closing_ = true;
      if (!self->open_)
        return close_socket(self->ws_.next_layer());
      self->ws_.async_close(websocket::close_code::normal,
                            [self](const beast::error_code& ec) {
                              if (ec)
                                close_socket(self->ws_.next_layer());
                            });
    });
  }

  void drop() override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
      self->closing_ = true;
      close_socket(self->ws_.next_layer());
    });
  }

  void stop() override { close(); }

  void start(upgrade_request req) {
    if (!shared_->enroll(id_, this->weak_from_this()))
      return;
    websocket::stream_base::timeout opt{};
    opt.handshake_timeout = handshake_limit;
    auto ping = shared_->options.ws_ping_interval;
    // Beast pings after half the idle time without traffic and gives up
    // after the whole: twice the interval pings every interval.
    opt.idle_timeout = ping > tn::timespan::zero()
                         ? std::chrono::duration_cast<websocket::stream_base::duration>(2 * ping)
                         : websocket::stream_base::none();
    opt.keep_alive_pings = true;
    ws_.set_option(opt);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(beast::http::field::server, "tradenode");
    }));
    ws_.async_accept(req, [self = this->shared_from_this()](const beast::error_code& ec) {
      if (ec || self->closing_)
        return close_socket(self->ws_.next_layer());
      self->open_ = true;
      if (self->shared_->handlers.on_ws_open)
        self->shared_->handlers.on_ws_open(self);
      self->read();
    });
  }

private:
  void read() {
    ws_.async_read(buffer_, [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
      if (ec)
        return self->finished();
      auto data = self->buffer_.cdata();
      if (self->shared_->handlers.on_ws_message)
        self->shared_->handlers.on_ws_message(
          self, std::string_view{static_cast<const char*>(data.data()), data.size()});
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  void write_queued() {
    outbox_.flush(ws_, [self = this->shared_from_this()] { return !self->closing_; });
  }

  void finished() {
    open_ = false;
    closing_ = true;
    outbox_.clear();
    shared_->leave(id_);
    if (shared_->handlers.on_ws_close)
      shared_->handlers.on_ws_close(this->shared_from_this());
  }

  std::shared_ptr<server_shared> shared_;
  const uint64_t id_;
  const std::string target_;
  websocket::stream<Stream> ws_;
  beast::flat_buffer buffer_;
  ws_outbox outbox_;
  bool open_ = false;
  bool closing_ = false;
};

} // namespace

template <class Stream>
void start_ws_session(std::shared_ptr<server_shared> shared, Stream stream, upgrade_request req) {
  auto target = std::string{req.target()};
  auto session = std::make_shared<ws_server_session<Stream>>(std::move(shared), std::move(stream),
                                                             std::move(target));
  session->start(std::move(req));
}

template void start_ws_session<plain_stream>(std::shared_ptr<server_shared>, plain_stream,
                                             upgrade_request);
template void start_ws_session<tls_stream>(std::shared_ptr<server_shared>, tls_stream,
                                           upgrade_request);

} // namespace tn::net::detail
