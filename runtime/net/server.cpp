#include "runtime/net/server.hpp"

#include "runtime/net/detail/server.hpp"

#include <boost/asio/post.hpp>

namespace tn::net {

namespace detail {

uint64_t server_shared::next_id() {
  std::lock_guard<std::mutex> guard{mutex_};
  return ++last_id_;
}

bool server_shared::enroll(uint64_t id, std::weak_ptr<stoppable> session) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (stopped_)
    return false;
  sessions_.emplace(id, std::move(session));
  return true;
}

void server_shared::leave(uint64_t id) {
  std::lock_guard<std::mutex> guard{mutex_};
  sessions_.erase(id);
}

void server_shared::stop_all() {
  std::unordered_map<uint64_t, std::weak_ptr<stoppable>> sessions;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    stopped_ = true;
    sessions.swap(sessions_);
  }
  for (auto& [id, weak] : sessions)
    if (auto session = weak.lock())
      session->stop();
}

} // namespace detail

namespace {

class listener : public std::enable_shared_from_this<listener> {
public:
  listener(io_thread& io, std::shared_ptr<detail::server_shared> shared)
    : ioc_(io.internals().ioc), acceptor_(asio::make_strand(ioc_)),
      backoff_(acceptor_.get_executor()), shared_(std::move(shared)) {}

  /// Binds synchronously, before any asynchronous operation exists.
  bool bind(const tcp::endpoint& endpoint, std::string& error) {
    beast::error_code ec;
    auto where = [&] {
      return "listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    };
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec)
      acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
      acceptor_.bind(endpoint, ec);
    if (!ec)
      acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      error = detail::describe(where().c_str(), ec);
      return false;
    }
    port_ = acceptor_.local_endpoint().port();
    return true;
  }

  uint16_t port() const { return port_; }

  void start() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
  }

  void stop() {
    shared_->stop_all();
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

private:
  void accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](
                                                      const beast::error_code& ec,
                                                      tcp::socket socket) {
      if (!self->acceptor_.is_open())
        return;
      if (!ec) {
        detail::start_http_session(self->shared_, std::move(socket));
        return self->accept();
      }
      // Out of descriptors and the like: retrying at once would spin.
      self->backoff_.expires_after(std::chrono::milliseconds{100});
      self->backoff_.async_wait([self](const beast::error_code&) {
        if (self->acceptor_.is_open())
          self->accept();
      });
    });
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  asio::steady_timer backoff_;
  std::shared_ptr<detail::server_shared> shared_;
  uint16_t port_ = 0;
};

class server_impl : public server {
public:
  explicit server_impl(std::shared_ptr<listener> l) : listener_(std::move(l)) {}
  ~server_impl() override { listener_->stop(); }
  uint16_t port() const override { return listener_->port(); }
  void stop() override { listener_->stop(); }

private:
  std::shared_ptr<listener> listener_;
};

bool resolve(io_thread& io, const std::string& host, uint16_t port, tcp::endpoint& out,
             std::string& error) {
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    out = tcp::endpoint{address, port};
    return true;
  }
  tcp::resolver resolver{io.internals().ioc};
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    error = ec ? detail::describe(("resolve " + host).c_str(), ec) : "resolve " + host + ": no address";
    return false;
  }
  out = results.begin()->endpoint();
  return true;
}

} // namespace

std::shared_ptr<server> server::listen(io_thread& io, const std::string& host, uint16_t port,
                                       const tls_server_options* tls, server_handlers handlers,
                                       std::string& error) {
  return listen(io, host, port, tls, std::move(handlers), server_options{}, error);
}

std::shared_ptr<server> server::listen(io_thread& io, const std::string& host, uint16_t port,
                                       const tls_server_options* tls, server_handlers handlers,
                                       server_options options, std::string& error) {
  std::shared_ptr<ssl::context> ctx;
  if (tls) {
    ctx = detail::make_server_context(tls->cert_file, tls->key_file, error);
    if (!ctx)
      return nullptr;
  }
  tcp::endpoint endpoint;
  if (!resolve(io, host, port, endpoint, error))
    return nullptr;
  auto shared = std::make_shared<detail::server_shared>(std::move(handlers), options, std::move(ctx));
  auto l = std::make_shared<listener>(io, std::move(shared));
  if (!l->bind(endpoint, error))
    return nullptr;
  l->start();
  return std::make_shared<server_impl>(std::move(l));
}

} // namespace tn::net
