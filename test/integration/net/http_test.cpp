#include "runtime/net/http.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/server.hpp"
#include "test/integration/net/net_test_util.hpp"
#include "test/integration/net/raw_server.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <filesystem>
#include <mutex>
#include <vector>

using namespace tn::net;
using namespace tn::net::test;

namespace {

/// Echoes the request back: status 201 for POST, X-Echo-* headers, the body reversed.
void echo(const http_request& req, std::function<void(http_response)> respond) {
  http_response res;
  res.status = req.method == "POST" ? 201 : 200;
  res.headers = {{"X-Echo-Method", req.method},
                 {"X-Echo-Target", req.target},
                 {"X-Echo-Test", req.header("x-test")},
                 {"X-Echo-Connection", std::to_string(req.connection)}};
  if (req.target == "/text")
    res.headers.emplace_back("Content-Type", "text/plain");
  res.body.assign(req.body.rbegin(), req.body.rend());
  respond(std::move(res));
}

struct fixture {
  ~fixture() { io.stop(); } // nothing runs on the I/O thread once teardown starts

  io_thread io;
  std::shared_ptr<server> srv;

  void listen(const tls_server_options* tls, server_handlers handlers,
              const std::string& host = "127.0.0.1") {
    std::string error;
    srv = server::listen(io, host, 0, tls, std::move(handlers), error);
    INFO(error);
    REQUIRE(srv);
    REQUIRE(srv->port() != 0);
  }

  std::string origin(const std::string& scheme, const std::string& host = "127.0.0.1") const {
    return scheme + "://" + host + ":" + std::to_string(srv->port());
  }

  static http_result call(http_client& client, http_request req, tn::timespan timeout = 10s) {
    auto done = std::make_shared<std::promise<http_result>>(); // outlives a failed wait
    auto f = done->get_future();
    client.request(std::move(req), timeout,
                   [done](http_result r) { done->set_value(std::move(r)); });
    return await(f);
  }
};

} // namespace

TEST_CASE_METHOD(fixture, "HTTPS GET and POST round-trip status, headers and body") {
  auto tls = server_tls();
  listen(&tls, {echo, {}, {}, {}});
  auto client = http_client::make(io, make_url(origin("https")), trust_test_ca());

  http_request get;
  get.target = "/api/v3/time?x=1";
  get.headers = {{"X-Test", "abc"}};
  auto r = call(*client, get);
  INFO(r.error);
  REQUIRE(r.ok());
  CHECK(r.response.status == 200);
  CHECK(r.response.header("x-echo-method") == "GET");
  CHECK(r.response.header("X-ECHO-TARGET") == "/api/v3/time?x=1");
  CHECK(r.response.header("X-Echo-Test") == "abc");
  CHECK(r.response.header("Content-Type") == "application/json");
  CHECK(r.response.header("X-Absent").empty());

  http_request post;
  post.method = "POST";
  post.target = "/text";
  post.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  post.body = "symbol=BTCUSDT&side=BUY";
  r = call(*client, post);
  INFO(r.error);
  REQUIRE(r.ok());
  CHECK(r.response.status == 201);
  CHECK(r.response.header("X-Echo-Method") == "POST");
  CHECK(r.response.header("Content-Type") == "text/plain");
  CHECK(r.response.body == "YUB=edis&TDSUCTB=lobmys");
}

TEST_CASE_METHOD(fixture, "the CA bundle is loaded once and reused by every later client") {
  auto tls = server_tls();
  listen(&tls, {echo, {}, {}, {}});
  tn::test::temp_dir dir;
  auto ca = dir.file("ca.pem");
  std::filesystem::copy_file(pki("ca.pem"), ca);
  auto first = http_client::make(io, make_url(origin("https")), {ca});
  auto r = call(*first, http_request{});
  INFO(r.error);
  REQUIRE(r.ok());
  // A client made later does not read the file again: it uses the context
  // the first one built.
  std::filesystem::remove(ca);
  auto second = http_client::make(io, make_url(origin("https")), {ca});
  r = call(*second, http_request{});
  INFO(r.error);
  CHECK(r.ok());
}

TEST_CASE_METHOD(fixture, "HTTPS keep-alive reuses one connection for sequential requests") {
  auto tls = server_tls();
  listen(&tls, {echo, {}, {}, {}});
  auto client = http_client::make(io, make_url(origin("https")), trust_test_ca());
  std::vector<std::string> connections;
  for (int i = 0; i < 3; ++i) {
    auto r = call(*client, http_request{});
    INFO(r.error);
    REQUIRE(r.ok());
    connections.push_back(r.response.header("X-Echo-Connection"));
  }
  CHECK(connections[0] != "0");
  CHECK(connections[1] == connections[0]);
  CHECK(connections[2] == connections[0]);
}

TEST_CASE_METHOD(fixture, "queued requests complete in order, one at a time") {
  listen(nullptr, {echo, {}, {}, {}});
  auto client = http_client::make(io, make_url(origin("http")), {});
  std::mutex mutex;
  std::vector<std::string> order;
  std::promise<void> all;
  for (int i = 0; i < 5; ++i) {
    http_request req;
    req.method = "POST";
    req.body = std::to_string(i);
    client->request(req, 10s, [&, i](http_result r) {
      std::lock_guard<std::mutex> guard{mutex};
      order.push_back(r.ok() ? r.response.body : r.error);
      if (i == 4)
        all.set_value();
    });
  }
  auto f = all.get_future();
  await(f);
  CHECK(order == std::vector<std::string>{"0", "1", "2", "3", "4"});
}

TEST_CASE_METHOD(fixture, "plain HTTP works and reconnects after the server closed an idle connection") {
  raw_server raw{raw_server::mode::http_then_close};
  auto client = http_client::make(io, make_url("http://127.0.0.1:" + std::to_string(raw.port())), {});
  auto r = call(*client, http_request{});
  INFO(r.error);
  REQUIRE(r.ok());
  CHECK(r.response.body == "ok");
  CHECK(r.response.header("Content-Type") == "text/plain");
  REQUIRE(raw.first_closed().wait_for(patience) == std::future_status::ready);
  r = call(*client, http_request{});
  INFO(r.error);
  REQUIRE(r.ok());
  CHECK(r.response.body == "ok");
  CHECK(raw.accepted() == 2);
}

TEST_CASE_METHOD(fixture, "a request the server read but never answered is not sent again") {
  raw_server raw{raw_server::mode::swallow_second};
  auto client = http_client::make(io, make_url("http://127.0.0.1:" + std::to_string(raw.port())), {});
  auto r = call(*client, http_request{});
  INFO(r.error);
  REQUIRE(r.ok());
  http_request order;
  order.method = "POST";
  order.target = "/api/v3/order";
  order.body = "symbol=BTCUSDT&side=BUY&newClientOrderId=tn-1";
  r = call(*client, order);
  CHECK_FALSE(r.ok());
  CHECK(r.outcome_unknown);
  CHECK_THAT(r.error, Catch::Contains("outcome unknown"));
  // Exactly once: a resend on a fresh connection would be a third request.
  CHECK(raw.requests() == 2);
  CHECK(raw.accepted() == 1);
}

TEST_CASE_METHOD(fixture, "a request that never left is not reported as unknown") {
  reserved_port refused;
  auto client = http_client::make(io, make_url("http://127.0.0.1:" + std::to_string(refused.port())), {});
  auto r = call(*client, http_request{});
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.outcome_unknown);
}

TEST_CASE_METHOD(fixture, "a client trusting another CA refuses the server") {
  auto tls = server_tls();
  listen(&tls, {echo, {}, {}, {}});
  auto client = http_client::make(io, make_url(origin("https")), {pki("other-ca.pem")});
  auto r = call(*client, http_request{});
  INFO(r.error);
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("certificate verify failed") != std::string::npos);
}

TEST_CASE_METHOD(fixture, "a certificate that does not name the host is refused") {
  auto tls = server_tls();
  // The certificate names 127.0.0.1, ::1 and localhost; Linux routes all of
  // 127/8 to loopback, so 127.0.0.2 reaches the server under another name.
  listen(&tls, {echo, {}, {}, {}}, "127.0.0.2");
  auto client = http_client::make(io, make_url(origin("https", "127.0.0.2")), trust_test_ca());
  auto r = call(*client, http_request{});
  INFO(r.error);
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("certificate verify failed") != std::string::npos);
  CHECK(r.error.find("mismatch") != std::string::npos);
}

TEST_CASE_METHOD(fixture, "the certificate's DNS name is accepted for localhost") {
  auto tls = server_tls();
  listen(&tls, {echo, {}, {}, {}});
  auto client = http_client::make(io, make_url(origin("https", "localhost")), trust_test_ca());
  auto r = call(*client, http_request{});
  INFO(r.error);
  CHECK(r.ok());
}

TEST_CASE_METHOD(fixture, "a request the server never answers times out, and the next one works") {
  std::mutex mutex;
  std::vector<std::function<void(http_response)>> parked;
  auto tls = server_tls();
  listen(&tls, {[&](const http_request& req, std::function<void(http_response)> respond) {
                  if (req.target == "/never") {
                    std::lock_guard<std::mutex> guard{mutex};
                    parked.push_back(std::move(respond)); // keeps the connection open
                  } else {
                    echo(req, std::move(respond));
                  }
                },
                {}, {}, {}});
  auto client = http_client::make(io, make_url(origin("https")), trust_test_ca());
  http_request never;
  never.target = "/never";
  auto r = call(*client, never, 200ms);
  CHECK(r.error == "timeout (outcome unknown)");
  CHECK(r.outcome_unknown); // the server had the request: it may act on it
  r = call(*client, http_request{});
  INFO(r.error);
  CHECK(r.ok());
  srv->stop();
}

TEST_CASE_METHOD(fixture, "connecting to a closed port fails with connection refused") {
  reserved_port closed;
  auto client = http_client::make(io, make_url("http://127.0.0.1:" + std::to_string(closed.port())), {});
  auto r = call(*client, http_request{});
  INFO(r.error);
  CHECK(r.error.rfind("connect: ", 0) == 0);
  CHECK(r.error.find("refused") != std::string::npos);
}

TEST_CASE_METHOD(fixture, "close() completes pending and queued requests with closed") {
  listen(nullptr, {[](const http_request&, std::function<void(http_response)>) {}, {}, {}, {}});
  auto client = http_client::make(io, make_url(origin("http")), {});
  std::promise<http_result> first, second, after;
  client->request({}, 10s, [&](http_result r) { first.set_value(std::move(r)); });
  client->request({}, 10s, [&](http_result r) { second.set_value(std::move(r)); });
  client->close();
  client->request({}, 10s, [&](http_result r) { after.set_value(std::move(r)); });
  auto f1 = first.get_future(), f2 = second.get_future(), f3 = after.get_future();
  CHECK(await(f1).error == "closed");
  CHECK(await(f2).error == "closed");
  CHECK(await(f3).error == "closed");
}

TEST_CASE_METHOD(fixture, "listen reports a port in use and an unusable certificate") {
  listen(nullptr, {echo, {}, {}, {}});
  std::string error;
  CHECK_FALSE(server::listen(io, "127.0.0.1", srv->port(), nullptr, {}, error));
  CHECK(error.find("listen on 127.0.0.1") != std::string::npos);
  error.clear();
  tls_server_options bad{pki("missing.pem"), pki("server.key")};
  CHECK_FALSE(server::listen(io, "127.0.0.1", 0, &bad, {}, error));
  CHECK(error.find("missing.pem") != std::string::npos);
}
