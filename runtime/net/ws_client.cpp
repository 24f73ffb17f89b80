#include "runtime/net/ws_client.hpp"

#include "runtime/net/detail/asio.hpp"
#include "runtime/net/detail/open.hpp"
#include "runtime/net/detail/ws_outbox.hpp"
#include "runtime/net/url.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace tn::net {

namespace {

namespace websocket = beast::websocket;

/// One connect() call; every member function after start() runs on strand_.
template <class Stream>
class ws_connection : public std::enable_shared_from_this<ws_connection<Stream>> {
public:
  ws_connection(io_thread& io, url target, std::shared_ptr<ssl::context> ctx, ws_callbacks cbs,
                tn::timespan handshake_timeout, tn::timespan idle_timeout)
    : strand_(asio::make_strand(io.internals().ioc)), resolver_(strand_), timer_(strand_),
      ws_(detail::make_stream<Stream>(strand_, ctx.get())), target_(std::move(target)),
      ctx_(std::move(ctx)), cbs_(std::move(cbs)), handshake_timeout_(handshake_timeout),
      idle_timeout_(idle_timeout) {}

  void start(std::string init_error) {
    asio::post(strand_, [self = this->shared_from_this(), init_error = std::move(init_error)] {
      if (!init_error.empty())
        return self->report(init_error);
      self->connect();
    });
  }

  void send(std::string text) {
    asio::post(strand_, [self = this->shared_from_this(), text = std::move(text)]() mutable {
      if (self->close_requested_ || self->state_ == state::closed)
        return;
      self->outbox_.push(std::move(text));
      if (self->state_ == state::open)
        self->write_queued();
    });
  }

  void close() {
    asio::post(strand_, [self = this->shared_from_this()] { self->do_close(); });
  }

private:
  enum class state { connecting, open, closed };

  void connect() {
    timer_.expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(handshake_timeout_));
    timer_.async_wait([self = this->shared_from_this()](const beast::error_code& ec) {
      if (!ec && self->state_ == state::connecting) {
        self->timed_out_ = true;
        self->abort();
      }
    });
    detail::async_open(ws_.next_layer(), resolver_, target_,
                       [self = this->shared_from_this()](std::string error) {
                         if (!error.empty())
                           return self->connect_failed(std::move(error));
                         self->handshake();
                       });
  }

  void handshake() {
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "tradenode");
    }));
    ws_.async_handshake(target_.host_header(), target_.target,
                        [self = this->shared_from_this()](const beast::error_code& ec) {
                          if (ec)
                            return self->connect_failed(detail::describe("websocket handshake", ec));
                          self->opened();
                        });
  }

  void connect_failed(std::string error) {
    report(timed_out_ ? "timeout" : close_requested_ ? "closed" : std::move(error));
  }

  void opened() {
    timer_.cancel();
    websocket::stream_base::timeout opt{};
    opt.handshake_timeout = handshake_timeout_; // bounds the closing handshake
    opt.idle_timeout = idle_timeout_ > tn::timespan::zero()
                         ? std::chrono::duration_cast<websocket::stream_base::duration>(idle_timeout_)
                         : websocket::stream_base::none();
    opt.keep_alive_pings = true;
    ws_.set_option(opt);
    state_ = state::open;
    if (cbs_.on_open)
      cbs_.on_open();
    read();
    if (state_ == state::open)
      write_queued();
  }

  void read() {
    ws_.async_read(buffer_, [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
      if (ec)
        return self->ended(ec);
      auto data = self->buffer_.cdata();
      if (self->cbs_.on_message)
        self->cbs_.on_message(std::string_view{static_cast<const char*>(data.data()), data.size()});
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  void write_queued() {
    outbox_.flush(ws_, [self = this->shared_from_this()] {
      return self->state_ == state::open && !self->close_requested_;
    });
  }

  void ended(const beast::error_code& ec) {
    if (close_requested_)
      return report("closed");
    if (ec == websocket::error::closed) {
      auto& why = ws_.reason();
      auto reason = "closed by server (" + std::to_string(why.code);
      if (!why.reason.empty())
        reason += ": " + std::string{why.reason.data(), why.reason.size()};
      return report(reason + ")");
    }
    if (ec == beast::error::timeout)
      return report("idle timeout");
    report(detail::describe("read", ec));
  }

  void do_close() {
    if (close_requested_ || state_ == state::closed)
      return;
    close_requested_ = true;
    if (state_ == state::connecting)
      return abort();
    ws_.async_close(websocket::close_code::normal,
                    [self = this->shared_from_this()](const beast::error_code& ec) {
                      if (ec)
                        detail::close_socket(self->ws_.next_layer());
                    });
  }

  void abort() {
    resolver_.cancel();
    detail::close_socket(ws_.next_layer());
  }

  void report(std::string reason) {
    if (state_ == state::closed)
      return;
    state_ = state::closed;
    timer_.cancel();
    outbox_.clear();
    // Drop the callbacks once done: they may hold references back to us.
    auto cbs = std::move(cbs_);
    cbs_ = {};
    if (cbs.on_close)
      cbs.on_close(std::move(reason));
  }

  detail::strand strand_;
  tcp::resolver resolver_;
  asio::steady_timer timer_;
  websocket::stream<Stream> ws_;
  beast::flat_buffer buffer_;
  url target_;
  std::shared_ptr<ssl::context> ctx_;
  ws_callbacks cbs_;
  tn::timespan handshake_timeout_;
  tn::timespan idle_timeout_;
  detail::ws_outbox outbox_;
  state state_ = state::connecting;
  bool close_requested_ = false;
  bool timed_out_ = false;
};

template <class Stream>
class ws_client_impl : public ws_client {
public:
  explicit ws_client_impl(std::shared_ptr<ws_connection<Stream>> conn) : conn_(std::move(conn)) {}
  ~ws_client_impl() override { conn_->close(); }
  void send(std::string text) override { conn_->send(std::move(text)); }
  void close() override { conn_->close(); }

private:
  std::shared_ptr<ws_connection<Stream>> conn_;
};

template <class Stream>
std::shared_ptr<ws_client> start(io_thread& io, const url& target,
                                 std::shared_ptr<ssl::context> ctx, std::string init_error,
                                 ws_callbacks cbs, tn::timespan handshake_timeout,
                                 tn::timespan idle_timeout) {
  auto conn = std::make_shared<ws_connection<Stream>>(io, target, std::move(ctx), std::move(cbs),
                                                      handshake_timeout, idle_timeout);
  conn->start(std::move(init_error));
  return std::make_shared<ws_client_impl<Stream>>(std::move(conn));
}

} // namespace

std::shared_ptr<ws_client> ws_client::connect(io_thread& io, const url& target,
                                              tls_client_options tls, ws_callbacks cbs,
                                              tn::timespan handshake_timeout,
                                              tn::timespan idle_timeout) {
  if (!target.tls())
    return start<detail::plain_stream>(io, target, nullptr, "", std::move(cbs), handshake_timeout,
                                       idle_timeout);
  std::string error;
  auto ctx = detail::client_context(io, tls.ca_file, error);
  if (!ctx) // the stream needs a context even to report the failure
    ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  return start<detail::tls_stream>(io, target, std::move(ctx), std::move(error), std::move(cbs),
                                   handshake_timeout, idle_timeout);
}

} // namespace tn::net
