// The exchange-sim binary over loopback: REST, streams, faults and TLS, as a
// client sees them.

#include "runtime/net/http.hpp"
#include "runtime/net/io_thread.hpp"
#include "runtime/net/url.hpp"
#include "runtime/net/ws_client.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;

/// exchange-sim as a child process; its port comes from its first stdout line.
class sim_process {
public:
  explicit sim_process(std::vector<std::string> args) {
    args.insert(args.begin(), TN_EXCHANGE_SIM);
    args.insert(args.end(), {"--port", "0"});
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> argv;
      for (auto& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    FILE* out = fdopen(fds[0], "r");
    char line[256] = {};
    bool got = std::fgets(line, sizeof(line), out) != nullptr;
    std::fclose(out);
    REQUIRE(got);
    std::string text{line};
    auto colon = text.rfind(':');
    REQUIRE(colon != std::string::npos);
    port_ = static_cast<uint16_t>(std::stoi(text.substr(colon + 1)));
  }

  ~sim_process() {
    if (pid_ > 0)
      stop();
  }

  uint16_t port() const { return port_; }

  /// SIGTERM, then its exit status.
  int stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

/// What a WebSocket client received; shared with the callbacks, which may
/// outlive the test's scope.
struct inbox : std::enable_shared_from_this<inbox> {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> messages;
  bool closed = false;

  tn::net::ws_callbacks callbacks() {
    tn::net::ws_callbacks cbs;
    cbs.on_message = [self = shared_from_this()](std::string_view text) {
      std::lock_guard<std::mutex> guard{self->mutex};
      self->messages.emplace_back(text);
      self->cv.notify_all();
    };
    cbs.on_close = [self = shared_from_this()](std::string) {
      std::lock_guard<std::mutex> guard{self->mutex};
      self->closed = true;
      self->cv.notify_all();
    };
    return cbs;
  }

  /// Waits until `n` messages arrived (or the connection closed); a copy.
  std::vector<std::string> wait_for(size_t n) {
    std::unique_lock<std::mutex> lock{mutex};
    cv.wait_for(lock, 20s, [&] { return messages.size() >= n || closed; });
    return messages;
  }

  bool wait_closed() {
    std::unique_lock<std::mutex> lock{mutex};
    return cv.wait_for(lock, 20s, [&] { return closed; });
  }
};

tn::net::url make_url(const std::string& text) {
  tn::net::url u;
  std::string error;
  REQUIRE(tn::net::parse_url(text, u, error));
  return u;
}

tn::net::http_result get(tn::net::io_thread& io, const std::string& origin,
                         const std::string& target, tn::net::tls_client_options tls = {}) {
  auto client = tn::net::http_client::make(io, make_url(origin), std::move(tls));
  std::promise<tn::net::http_result> result;
  tn::net::http_request req;
  req.target = target;
  client->request(req, 10s, [&](tn::net::http_result r) { result.set_value(std::move(r)); });
  return result.get_future().get();
}

std::shared_ptr<tn::net::ws_client> open_ws(tn::net::io_thread& io, const std::string& url,
                                            const std::shared_ptr<inbox>& box,
                                            tn::net::tls_client_options tls = {}) {
  return tn::net::ws_client::connect(io, make_url(url), std::move(tls), box->callbacks(), 10s, 0s);
}

const std::vector<std::string> fast_market = {"--synthetic", "BTCUSDT,ETHUSDT", "--seed", "3",
                                              "--speed", "600", "--updates-per-bar", "2",
                                              "--history", "10"};

} // namespace

TEST_CASE("REST and kline streams over loopback") {
  sim_process sim{fast_market};
  tn::net::io_thread io;
  auto origin = "http://127.0.0.1:" + std::to_string(sim.port());
  auto klines = get(io, origin, "/api/v3/klines?symbol=BTCUSDT&interval=1m");
  REQUIRE(klines.ok());
  CHECK(klines.response.status == 200);
  simdjson::dom::parser parser;
  simdjson::dom::array rows;
  REQUIRE_FALSE(parser.parse(klines.response.body).get_array().get(rows));
  CHECK(rows.size() >= 10);

  auto combined = std::make_shared<inbox>();
  auto ws = open_ws(io, "ws://127.0.0.1:" + std::to_string(sim.port())
                          + "/stream?streams=btcusdt@kline_1m", combined);
  auto got = combined->wait_for(6);
  REQUIRE(got.size() >= 6);
  int64_t last_event = 0;
  for (const auto& text : got) {
    simdjson::dom::element doc;
    REQUIRE_FALSE(parser.parse(text).get(doc));
    std::string_view stream;
    REQUIRE_FALSE(doc["stream"].get_string().get(stream));
    CHECK(stream == "btcusdt@kline_1m");
    int64_t e = 0, close_time = 0;
    bool closed = false;
    REQUIRE_FALSE(doc["data"]["E"].get_int64().get(e));
    REQUIRE_FALSE(doc["data"]["k"]["T"].get_int64().get(close_time));
    REQUIRE_FALSE(doc["data"]["k"]["x"].get_bool().get(closed));
    CHECK(e > last_event);
    if (closed)
      CHECK(e == close_time + 1);
    last_event = e;
  }

  auto raw = std::make_shared<inbox>();
  auto ws2 = open_ws(io, "ws://127.0.0.1:" + std::to_string(sim.port()) + "/ws", raw);
  // Queued by the client until its handshake is done.
  ws2->send(R"({"method":"SUBSCRIBE","params":["ethusdt@kline_1m"],"id":7})");
  auto answers = raw->wait_for(3);
  REQUIRE(answers.size() >= 3);
  CHECK(answers[0] == R"({"result":null,"id":7})");
  CHECK(answers[1].rfind(R"({"e":"kline",)", 0) == 0);
  CHECK(answers[1].find(R"("s":"ETHUSDT")") != std::string::npos);
  CHECK(sim.stop() == 0);
}

TEST_CASE("injected faults: dropped streams and HTTP errors") {
  auto args = fast_market;
  args.insert(args.end(), {"--drop-every", "3", "--http-error", "503:2"});
  sim_process sim{args};
  tn::net::io_thread io;
  auto origin = "http://127.0.0.1:" + std::to_string(sim.port());
  auto first = get(io, origin, "/api/v3/ping");
  auto second = get(io, origin, "/api/v3/ping");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first.response.status == 200);
  CHECK(second.response.status == 503);
  CHECK(second.response.body.find("-1008") != std::string::npos);

  auto box = std::make_shared<inbox>();
  auto ws = open_ws(io, "ws://127.0.0.1:" + std::to_string(sim.port()) + "/ws/btcusdt@kline_1m", box);
  REQUIRE(box->wait_closed());
  CHECK(box->wait_for(0).size() == 3);
  CHECK(sim.stop() == 0);
}

TEST_CASE("TLS: https and wss with a test CA") {
  std::string dir = std::string{TN_BINARY_DIR} + "/exchange-sim-pki";
  REQUIRE(std::system(("bash " TN_PKI " " + dir).c_str()) == 0);
  auto args = fast_market;
  args.insert(args.end(), {"--tls-cert", dir + "/server.pem", "--tls-key", dir + "/server.key"});
  sim_process sim{args};
  tn::net::io_thread io;
  tn::net::tls_client_options tls{dir + "/ca.pem"};
  auto ping = get(io, "https://127.0.0.1:" + std::to_string(sim.port()), "/api/v3/ping", tls);
  REQUIRE(ping.ok());
  CHECK(ping.response.body == "{}");
  auto box = std::make_shared<inbox>();
  auto ws = open_ws(io, "wss://127.0.0.1:" + std::to_string(sim.port()) + "/ws/ethusdt@kline_1m",
                    box, tls);
  auto got = box->wait_for(2);
  REQUIRE(got.size() >= 2);
  CHECK(got[0].find(R"("s":"ETHUSDT")") != std::string::npos);
  CHECK(sim.stop() == 0);
}

namespace {

/// The first received event of each stream (combined messages), keyed by
/// stream name; waits until `streams` all arrived, nothing more comes or
/// 50 messages per stream went by.
std::map<std::string, std::string> first_events(inbox& box, const std::vector<std::string>& streams) {
  std::map<std::string, std::string> out;
  simdjson::dom::parser parser;
  for (size_t n = 1; out.size() < streams.size() && n < 50 * streams.size(); ++n) {
    auto got = box.wait_for(n);
    if (got.size() < n)
      break;
    simdjson::dom::element doc;
    REQUIRE_FALSE(parser.parse(got[n - 1]).get(doc));
    std::string_view stream;
    if (doc["stream"].get_string().get(stream))
      continue; // a control reply
    out.emplace(std::string{stream}, simdjson::minify(doc["data"]));
  }
  return out;
}

/// A member of a JSON object as text (strings unquoted); "" if absent.
std::string member(const std::string& json, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element v;
  if (parser.parse(json)[key].get(v))
    return {};
  std::string_view s;
  return v.get_string().get(s) ? simdjson::minify(v) : std::string{s};
}

} // namespace

TEST_CASE("ticker, miniTicker, bookTicker and markPrice streams carry events") {
  sim_process sim{fast_market};
  tn::net::io_thread io;
  const std::vector<std::string> streams = {
    "btcusdt@ticker", "btcusdt@miniTicker", "btcusdt@bookTicker", "btcusdt@markPrice",
    "ethusdt@markPrice@1s", "!ticker@arr", "!miniTicker@arr", "!bookTicker", "!markPrice@arr"};
  std::string list;
  for (const auto& s : streams)
    list += (list.empty() ? "" : "/") + s;
  auto box = std::make_shared<inbox>();
  auto ws = open_ws(io, "ws://127.0.0.1:" + std::to_string(sim.port()) + "/stream?streams=" + list, box);
  auto got = first_events(*box, streams);
  REQUIRE(got.size() == streams.size());
  CHECK(member(got["btcusdt@ticker"], "e") == "24hrTicker");
  CHECK(member(got["btcusdt@ticker"], "s") == "BTCUSDT");
  CHECK_FALSE(member(got["btcusdt@ticker"], "x").empty()); // the spot shape on /stream
  CHECK(member(got["btcusdt@miniTicker"], "e") == "24hrMiniTicker");
  CHECK(member(got["btcusdt@bookTicker"], "e").empty()); // spot: no event type
  CHECK(member(got["btcusdt@bookTicker"], "b") < member(got["btcusdt@bookTicker"], "a"));
  CHECK(member(got["btcusdt@markPrice"], "e") == "markPriceUpdate");
  CHECK(member(got["ethusdt@markPrice@1s"], "s") == "ETHUSDT");
  for (const char* arr : {"!ticker@arr", "!miniTicker@arr", "!markPrice@arr"})
    CHECK(got[arr].front() == '[');
  CHECK(got["!bookTicker"].front() == '{');
  CHECK(sim.stop() == 0);
}

TEST_CASE("futures routes: /market carries klines, tickers and mark price, /public the book") {
  sim_process sim{fast_market};
  tn::net::io_thread io;
  auto base = "ws://127.0.0.1:" + std::to_string(sim.port());
  auto market = std::make_shared<inbox>();
  auto ws1 = open_ws(io, base + "/market/stream?streams=btcusdt@bookTicker/btcusdt@markPrice@1s/"
                                "btcusdt@kline_1m/btcusdt@ticker", market);
  auto pub = std::make_shared<inbox>();
  auto ws2 = open_ws(io, base + "/public/ws/btcusdt@bookTicker", pub);
  ws2->send(R"({"method":"SUBSCRIBE","params":["btcusdt@markPrice"],"id":1})");

  auto got = first_events(*market, {"btcusdt@markPrice@1s", "btcusdt@kline_1m", "btcusdt@ticker"});
  REQUIRE(got.size() == 3);
  CHECK(member(got["btcusdt@ticker"], "x").empty()); // the futures shape
  CHECK(member(got["btcusdt@ticker"], "b").empty());
  CHECK(member(got["btcusdt@markPrice@1s"], "e") == "markPriceUpdate");
  CHECK(member(got["btcusdt@kline_1m"], "e") == "kline");
  for (const auto& text : market->wait_for(30))
    CHECK(text.find("\"stream\":\"btcusdt@bookTicker\"") == std::string::npos);

  auto raw = pub->wait_for(12);
  REQUIRE(raw.size() >= 12);
  CHECK(raw[0] == R"({"result":null,"id":1})");
  for (size_t i = 1; i < raw.size(); ++i) { // only the book, with its futures fields
    INFO(raw[i]);
    CHECK(member(raw[i], "e") == "bookTicker");
    CHECK_FALSE(member(raw[i], "T").empty());
    CHECK(member(raw[i], "s") == "BTCUSDT");
  }
  CHECK(sim.stop() == 0);
}
