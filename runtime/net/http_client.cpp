#include "runtime/net/http.hpp"

#include "runtime/net/detail/asio.hpp"
#include "runtime/net/detail/open.hpp"
#include "runtime/net/url.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <deque>
#include <optional>

namespace tn::net {

namespace {

namespace http = beast::http;

constexpr uint64_t max_response_body = 64u << 20;

struct pending {
  http_request req;
  tn::timespan timeout;
  std::function<void(http_result)> done;
};

/// One request in flight.
struct exchange {
  explicit exchange(pending p) : p(std::move(p)) {}
  pending p;
  http::request<http::string_body> msg;
  std::optional<http::response_parser<http::string_body>> parser;
  bool retried = false;
  bool written = false; ///< the whole request reached the socket: the server may act on it
};

/// One TCP (+TLS) connection; owned by the operations running on it, so a
/// connection abandoned after a timeout dies with its last operation.
template <class Stream>
struct connection {
  tcp::resolver resolver;
  Stream stream;
  beast::flat_buffer buffer;
  connection(const detail::strand& ex, ssl::context* ctx)
    : resolver(ex), stream(detail::make_stream<Stream>(ex, ctx)) {}
};

http::request<http::string_body> to_beast(const http_request& req, const url& origin) {
  http::request<http::string_body> msg;
  msg.method_string(req.method);
  msg.target(req.target);
  msg.version(11);
  for (auto& [name, value] : req.headers)
    msg.insert(name, value);
  if (msg.find(http::field::host) == msg.end())
    msg.set(http::field::host, origin.host_header());
  if (msg.find(http::field::user_agent) == msg.end())
    msg.set(http::field::user_agent, "tradenode");
  msg.body() = req.body;
  msg.prepare_payload();
  return msg;
}

/// True when a kept-alive connection can carry another request: the server
/// has neither closed it nor sent anything unasked (a TLS close_notify, an
/// error page) while it was idle. Checked before writing, so a dead
/// connection is replaced without the request ever leaving.
template <class Stream>
bool idle_connection_alive(Stream& stream) {
  auto& socket = beast::get_lowest_layer(stream).socket();
  if (!socket.is_open())
    return false;
  char byte;
  auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

http_response from_beast(http::response<http::string_body>&& msg) {
  http_response res;
  res.status = msg.result_int();
  for (auto& field : msg)
    res.headers.emplace_back(std::string{field.name_string()}, std::string{field.value()});
  res.body = std::move(msg.body());
  return res;
}

/// The client's state; every member function runs on strand_.
template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
public:
  http_session(io_thread& io, url origin, std::shared_ptr<ssl::context> ctx, std::string init_error)
    : strand_(asio::make_strand(io.internals().ioc)), timer_(strand_), origin_(std::move(origin)),
      ctx_(std::move(ctx)), init_error_(std::move(init_error)) {}

  void request(pending p) {
    asio::post(strand_, [self = this->shared_from_this(), p = std::move(p)]() mutable {
      self->enqueue(std::move(p));
    });
  }

  void close() {
    asio::post(strand_, [self = this->shared_from_this()] { self->do_close(); });
  }

private:
  using conn_ptr = std::shared_ptr<connection<Stream>>;
  using exchange_ptr = std::shared_ptr<exchange>;

  void enqueue(pending p) {
    if (closed_ || !init_error_.empty()) {
      p.done(http_result{closed_ ? "closed" : init_error_, {}});
      return;
    }
    queue_.push_back(std::move(p));
    if (!current_)
      start_next();
  }

  void start_next() {
    if (queue_.empty())
      return;
    current_ = std::make_shared<exchange>(std::move(queue_.front()));
    queue_.pop_front();
    current_->msg = to_beast(current_->p.req, origin_);
    timer_.expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(current_->p.timeout));
    timer_.async_wait([self = this->shared_from_this(), ex = current_](const beast::error_code& ec) {
      if (!ec && self->current_ == ex) {
        self->drop_connection();
        self->finish(http_result{ex->written ? "timeout (outcome unknown)" : "timeout", {}, ex->written});
      }
    });
    if (conn_ && !idle_connection_alive(conn_->stream))
      drop_connection();
    if (conn_)
      send(current_, conn_, true);
    else
      open(current_);
  }

  void open(const exchange_ptr& ex) {
    conn_ = std::make_shared<connection<Stream>>(strand_, ctx_.get());
    auto& c = *conn_;
    detail::async_open(c.stream, c.resolver, origin_,
                       [self = this->shared_from_this(), ex, c = conn_](std::string error) {
                         if (self->current_ != ex)
                           return;
                         if (!error.empty()) {
                           self->drop_connection();
                           return self->finish(http_result{std::move(error), {}});
                         }
                         self->send(ex, c, false);
                       });
  }

  void send(const exchange_ptr& ex, const conn_ptr& c, bool reused) {
    http::async_write(c->stream, ex->msg,
                      [self = this->shared_from_this(), ex, c, reused](const beast::error_code& ec,
                                                                       size_t) {
                        if (self->current_ != ex)
                          return;
                        if (ec)
                          return self->fail_unsent(ex, reused, detail::describe("write", ec));
                        ex->written = true;
                        self->receive(ex, c);
                      });
  }

  void receive(const exchange_ptr& ex, const conn_ptr& c) {
    ex->parser.emplace();
    ex->parser->body_limit(max_response_body);
    if (ex->msg.method() == http::verb::head)
      ex->parser->skip(true);
    http::async_read(c->stream, c->buffer, *ex->parser,
                     [self = this->shared_from_this(), ex, c](const beast::error_code& ec, size_t) {
                       if (self->current_ != ex)
                         return;
                       if (ec) {
                         self->drop_connection();
                         return self->finish(
                           http_result{detail::describe("read", ec) + " (outcome unknown)", {}, true});
                       }
                       auto msg = ex->parser->release();
                       if (!msg.keep_alive())
                         self->drop_connection();
                       self->finish(http_result{{}, from_beast(std::move(msg))});
                     });
  }

  // A write that failed on a kept-alive connection (the server closed it
  // between our idle check and the write) never delivered a whole request, so
  // one retry on a fresh connection cannot make the server act twice.
  void fail_unsent(const exchange_ptr& ex, bool reused, std::string error) {
    drop_connection();
    if (reused && !ex->retried) {
      ex->retried = true;
      return open(ex);
    }
    finish(http_result{std::move(error), {}});
  }

  void finish(http_result result) {
    auto ex = std::move(current_);
    current_.reset();
    timer_.cancel();
    ex->p.done(std::move(result));
    start_next();
  }

  void drop_connection() {
    if (conn_) {
      conn_->resolver.cancel();
      detail::close_socket(conn_->stream);
      conn_.reset();
    }
  }

  void do_close() {
    if (closed_)
      return;
    closed_ = true;
    drop_connection();
    timer_.cancel();
    auto queue = std::move(queue_);
    queue_.clear();
    if (auto ex = std::move(current_)) {
      current_.reset();
      ex->p.done(http_result{"closed", {}});
    }
    for (auto& p : queue)
      p.done(http_result{"closed", {}});
  }

  detail::strand strand_;
  asio::steady_timer timer_;
  url origin_;
  std::shared_ptr<ssl::context> ctx_;
  std::string init_error_;
  std::deque<pending> queue_;
  exchange_ptr current_;
  conn_ptr conn_;
  bool closed_ = false;
};

template <class Stream>
class http_client_impl : public http_client {
public:
  explicit http_client_impl(std::shared_ptr<http_session<Stream>> session)
    : session_(std::move(session)) {}

  ~http_client_impl() override { session_->close(); }

  void request(http_request req, tn::timespan timeout,
               std::function<void(http_result)> done) override {
    session_->request(pending{std::move(req), timeout, std::move(done)});
  }

  void close() override { session_->close(); }

private:
  std::shared_ptr<http_session<Stream>> session_;
};

} // namespace

std::shared_ptr<http_client> http_client::make(io_thread& io, const url& origin,
                                               tls_client_options tls) {
  if (!origin.tls())
    return std::make_shared<http_client_impl<detail::plain_stream>>(
      std::make_shared<http_session<detail::plain_stream>>(io, origin, nullptr, ""));
  std::string error;
  auto ctx = detail::client_context(io, tls.ca_file, error);
  return std::make_shared<http_client_impl<detail::tls_stream>>(
    std::make_shared<http_session<detail::tls_stream>>(io, origin, std::move(ctx), error));
}

} // namespace tn::net
