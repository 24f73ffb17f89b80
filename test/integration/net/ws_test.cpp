#include "runtime/net/io_thread.hpp"
#include "runtime/net/server.hpp"
#include "runtime/net/ws_client.hpp"
#include "test/integration/net/net_test_util.hpp"
#include "test/integration/net/raw_server.hpp"

#include <atomic>
#include <mutex>

using namespace tn::net;
using namespace tn::net::test;

namespace {

/// Records what one client connection saw. Shared with the callbacks, which
/// may still run after the test body has dropped its reference.
struct client_probe : std::enable_shared_from_this<client_probe> {
  std::promise<void> opened;
  std::promise<std::string> first_message;
  std::promise<std::string> closed;
  std::atomic<int> opens{0};
  std::atomic<int> closes{0};
  std::atomic<int> messages{0};

  ws_callbacks callbacks() {
    auto self = shared_from_this();
    return {[self] {
              ++self->opens;
              self->opened.set_value();
            },
            [self](std::string_view text) {
              if (self->messages++ == 0)
                self->first_message.set_value(std::string{text});
            },
            [self](std::string reason) {
              if (self->closes++ == 0)
                self->closed.set_value(std::move(reason));
            }};
  }
};

/// An echo server that hands out its sessions.
struct fixture {
  ~fixture() { io.stop(); } // the handlers point here

  io_thread io;
  std::shared_ptr<server> srv;
  std::mutex mutex;
  std::shared_ptr<ws_session> session;
  std::promise<std::shared_ptr<ws_session>> session_opened;
  std::promise<void> session_closed;
  std::atomic<int> session_closes{0};

  void listen(const tls_server_options* tls) {
    server_handlers h;
    h.on_ws_open = [this](const std::shared_ptr<ws_session>& s) {
      std::lock_guard<std::mutex> guard{mutex};
      session = s;
      session_opened.set_value(s);
    };
    h.on_ws_message = [](const std::shared_ptr<ws_session>& s, std::string_view text) {
      s->send("echo:" + std::string{text});
    };
    h.on_ws_close = [this](const std::shared_ptr<ws_session>&) {
      if (session_closes++ == 0)
        session_closed.set_value();
    };
    std::string error;
    srv = server::listen(io, "127.0.0.1", 0, tls, std::move(h), error);
    INFO(error);
    REQUIRE(srv);
  }

  std::string endpoint(const std::string& scheme, const std::string& target) const {
    return scheme + "://127.0.0.1:" + std::to_string(srv->port()) + target;
  }

  std::shared_ptr<ws_client> connect(const std::string& text, client_probe& probe,
                                     tls_client_options tls = trust_test_ca(),
                                     tn::timespan idle = 30s) {
    return ws_client::connect(io, make_url(text), std::move(tls), probe.callbacks(), 10s, idle);
  }

  std::shared_ptr<ws_session> await_session() {
    auto f = session_opened.get_future();
    return await(f);
  }
};

std::string await_close(client_probe& probe) {
  auto f = probe.closed.get_future();
  return await(f);
}

} // namespace

TEST_CASE_METHOD(fixture, "WSS echo round-trip") {
  auto tls = server_tls();
  listen(&tls);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("wss", "/stream?streams=btcusdt@kline_1m"), *probe);
  client->send("hello");
  auto reply = probe->first_message.get_future();
  CHECK(await(reply) == "echo:hello");
  CHECK(probe->opens == 1);
  auto s = await_session();
  CHECK(s->target() == "/stream?streams=btcusdt@kline_1m");
  CHECK(s->id() != 0);
}

TEST_CASE_METHOD(fixture, "plain ws echo round-trip, server-initiated messages included") {
  listen(nullptr);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("ws", "/ws"), *probe, {});
  auto opened = probe->opened.get_future();
  await(opened);
  await_session()->send("pushed");
  auto first = probe->first_message.get_future();
  CHECK(await(first) == "pushed");
}

TEST_CASE_METHOD(fixture, "server close() reaches the client's on_close once, as a clean close") {
  auto tls = server_tls();
  listen(&tls);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("wss", "/"), *probe);
  await_session()->close();
  auto reason = await_close(*probe);
  CHECK(reason.rfind("closed by server (1000", 0) == 0);
  auto closed = session_closed.get_future();
  await(closed);
  client.reset();
  io.stop(); // nothing can run after this: the counts are final
  CHECK(probe->closes == 1);
  CHECK(session_closes == 1);
}

TEST_CASE_METHOD(fixture, "server drop() ends the client with an error reason") {
  auto tls = server_tls();
  listen(&tls);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("wss", "/"), *probe);
  await_session()->drop();
  auto reason = await_close(*probe);
  INFO(reason);
  CHECK(reason.rfind("read: ", 0) == 0);
  auto closed = session_closed.get_future();
  await(closed);
}

TEST_CASE_METHOD(fixture, "client close() reaches the server's on_ws_close") {
  auto tls = server_tls();
  listen(&tls);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("wss", "/"), *probe);
  await_session();
  client->close();
  auto closed = session_closed.get_future();
  await(closed);
  CHECK(await_close(*probe) == "closed");
}

TEST_CASE_METHOD(fixture, "dropping the client handle closes the connection") {
  listen(nullptr);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("ws", "/"), *probe, {});
  await_session();
  client.reset();
  auto closed = session_closed.get_future();
  await(closed);
  CHECK(await_close(*probe) == "closed");
}

TEST_CASE_METHOD(fixture, "server stop() closes its sessions") {
  listen(nullptr);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("ws", "/"), *probe, {});
  await_session();
  srv->stop();
  CHECK(await_close(*probe).rfind("closed by server (1000", 0) == 0);
}

TEST_CASE_METHOD(fixture, "a WSS client trusting another CA never opens") {
  auto tls = server_tls();
  listen(&tls);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("wss", "/"), *probe, {pki("other-ca.pem")});
  auto reason = await_close(*probe);
  INFO(reason);
  CHECK(reason.find("certificate verify failed") != std::string::npos);
  CHECK(probe->opens == 0);
}

TEST_CASE_METHOD(fixture, "connecting to a closed port reports the failure through on_close") {
  reserved_port closed;
  auto probe = std::make_shared<client_probe>();
  auto client = connect("ws://127.0.0.1:" + std::to_string(closed.port()) + "/", *probe, {});
  auto reason = await_close(*probe);
  INFO(reason);
  CHECK(reason.rfind("connect: ", 0) == 0);
  CHECK(probe->opens == 0);
}

TEST_CASE_METHOD(fixture, "a server that never answers the handshake times out") {
  raw_server raw{raw_server::mode::silent};
  auto probe = std::make_shared<client_probe>();
  auto client = ws_client::connect(io, make_url("ws://127.0.0.1:" + std::to_string(raw.port())),
                                   {}, probe->callbacks(), 200ms, 30s);
  CHECK(await_close(*probe) == "timeout");
  CHECK(probe->opens == 0);
}

TEST_CASE_METHOD(fixture, "a silent peer that does not even answer pings hits the idle timeout") {
  raw_server raw{raw_server::mode::ws_silent};
  auto probe = std::make_shared<client_probe>();
  auto client = ws_client::connect(io, make_url("ws://127.0.0.1:" + std::to_string(raw.port())),
                                   {}, probe->callbacks(), 10s, 300ms);
  CHECK(await_close(*probe) == "idle timeout");
  CHECK(probe->opens == 1);
}

TEST_CASE_METHOD(fixture, "a live server keeps a quiet connection open past the idle timeout") {
  // The client's own keep-alive pings would also do: what this shows is that
  // a live server never trips the idle timeout.
  std::string error;
  server_options options;
  options.ws_ping_interval = 50ms;
  srv = server::listen(io, "127.0.0.1", 0, nullptr, {}, options, error);
  REQUIRE(srv);
  auto probe = std::make_shared<client_probe>();
  auto client = connect(endpoint("ws", "/"), *probe, {}, 400ms);
  auto opened = probe->opened.get_future();
  await(opened);
  std::promise<void> later;
  io.after(1500ms, [&later] { later.set_value(); });
  auto f = later.get_future();
  await(f);
  CHECK(probe->closes == 0);
}

TEST_CASE("several I/O threads serve concurrent WSS clients without mixing them up") {
  io_thread io{2};
  server_handlers h;
  h.on_ws_message = [](const std::shared_ptr<ws_session>& s, std::string_view text) {
    s->send(std::string{text});
  };
  auto tls = server_tls();
  std::string error;
  auto srv = server::listen(io, "127.0.0.1", 0, &tls, std::move(h), error);
  REQUIRE(srv);
  constexpr int clients = 4;
  constexpr int messages = 50;
  struct counter {
    std::atomic<int> in_order{0};
    std::atomic<bool> broken{false};
    std::promise<void> done;
  };
  std::vector<counter> counters(clients);
  std::vector<std::shared_ptr<ws_client>> conns;
  for (int c = 0; c < clients; ++c) {
    auto& k = counters[static_cast<size_t>(c)];
    ws_callbacks cbs;
    cbs.on_message = [&k, c](std::string_view text) {
      auto expected = std::to_string(c) + ":" + std::to_string(k.in_order.load());
      if (text != expected)
        k.broken = true;
      if (++k.in_order == messages)
        k.done.set_value();
    };
    auto target = make_url("wss://127.0.0.1:" + std::to_string(srv->port()) + "/");
    conns.push_back(ws_client::connect(io, target, trust_test_ca(), std::move(cbs), 10s, 30s));
    for (int m = 0; m < messages; ++m)
      conns.back()->send(std::to_string(c) + ":" + std::to_string(m));
  }
  for (auto& k : counters) {
    auto f = k.done.get_future();
    await(f);
    CHECK_FALSE(k.broken);
  }
  conns.clear();
  srv.reset();
  io.stop(); // the callbacks point at counters
}
