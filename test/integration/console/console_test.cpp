// tradectl against a real tradenode over loopback: the node publishes its
// console, tradectl connects as an operator would.

#include "test/integration/files.hpp"
#include "test/integration/node/subprocess.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <netinet/in.h>
#include <sys/socket.h>

using namespace std::chrono_literals;
using tn::test::subprocess;
using tn::test::temp_dir;

using tn::test::slurp;
using tn::test::wait_for_text;
using tn::test::write;

namespace {

const std::string tradenode = TN_TRADENODE;
const std::string tradectl = TN_TRADECTL;
const std::string pki = TN_TEST_PKI;
const std::string token_var = "TRADENODE_CONSOLE_TOKEN";
const std::string token = "it-console-token-0123456789";




/// A listening socket on a free loopback port, closed on destruction.
class listener {
public:
  listener() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(fd_, 1);
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~listener() {
    ::close(fd_);
  }
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;

  uint16_t port() const {
    return port_;
  }

private:
  int fd_;
  uint16_t port_ = 0;
};

/// A loopback port that was free a moment ago.
uint16_t free_port() {
  return listener{}.port();
}

/// A paper node with its console on `port`; the exchange URLs point where
/// nothing listens, so the market services keep retrying meanwhile.
std::string node_config(const temp_dir& dir, uint16_t port, const std::string& tls = "") {
  return "node:\n"
         "  mode: paper\n"
         "  name: it-console\n"
         "  data_dir: " + dir.file("data") + "\n"
         "  progress_interval: 0s\n"
         "  clock_period: 100ms\n"
         "exchange:\n"
         "  rest_url: https://127.0.0.1:9\n"
         "  ws_url: wss://127.0.0.1:9\n"
         "  ca_file: \"\"\n"
         "console:\n"
         "  host: 127.0.0.1\n"
         "  port: " + std::to_string(port) + "\n" + tls;
}

struct outcome {
  int code;
  std::string out;
  std::string err;
};

/// Runs tradectl to completion (bounded).
outcome ctl(const temp_dir& dir, std::vector<std::string> args,
            const std::vector<std::string>& env = {token_var}) {
  subprocess p{tradectl, args, dir.file("ctl.out"), dir.file("ctl.err"), env};
  REQUIRE(p.started());
  auto code = p.exit_code(30s);
  return {code, slurp(dir.file("ctl.out")), slurp(dir.file("ctl.err"))};
}

/// The words of the line of `table` that starts with `name`.
std::vector<std::string> row_of(const std::string& table, const std::string& name) {
  std::istringstream lines{table};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in{line};
    std::vector<std::string> words;
    for (std::string w; in >> w;)
      words.push_back(w);
    if (!words.empty() && words[0] == name)
      return words;
  }
  return {};
}

/// A running node whose console is up; stopped by SIGKILL if still running.
struct running_node {
  temp_dir& dir;
  uint16_t port;
  subprocess process;

  running_node(temp_dir& d, uint16_t p, const std::string& tls,
               const std::vector<std::string>& env)
    : dir(d), port(p),
      process(tradenode, {"--config", write_config(d, p, tls)}, d.file("node.out"),
              d.file("node.err"), env) {
    REQUIRE(process.started());
    INFO(slurp(dir.file("node.err")));
    REQUIRE(wait_for_text(dir.file("node.err"), "console on 127.0.0.1:" + std::to_string(port),
                          20s));
  }

  static std::string write_config(temp_dir& d, uint16_t p, const std::string& tls) {
    auto path = d.file("node.yaml");
    write(path, node_config(d, p, tls));
    return path;
  }

  std::vector<std::string> at() const {
    return {"--port", std::to_string(port)};
  }
};

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace

TEST_CASE("tradectl runs every console command against a live node") {
  temp_dir dir;
  running_node node{dir, free_port(), "", {token_var}};

  auto version = ctl(dir, node.at() + std::vector<std::string>{"version"});
  INFO(version.err);
  CHECK(version.code == 0);
  CHECK(version.out == "tradectl " TN_VERSION "\ntradenode " TN_VERSION "\n");

  auto status = ctl(dir, node.at() + std::vector<std::string>{"status"});
  INFO(status.err);
  CHECK(status.code == 0);
  CHECK(status.out.rfind("supervisor\n", 0) == 0);
  CHECK(status.out.find("heartbeat.state") != std::string::npos);
  CHECK(status.out.find("\nevent_log\n  events") != std::string::npos);

  auto actors = ctl(dir, node.at() + std::vector<std::string>{"actors"});
  CHECK(actors.code == 0);
  CHECK(actors.out.rfind("NAME", 0) == 0);
  CHECK(row_of(actors.out, "heartbeat") == std::vector<std::string>{"heartbeat", "up", "0", "-"});
  CHECK(row_of(actors.out, "event_log") == std::vector<std::string>{"event_log", "up", "0", "-"});

  auto breaker = ctl(dir, node.at() + std::vector<std::string>{"breaker"});
  INFO(breaker.err);
  CHECK(breaker.code == 0);
  CHECK(breaker.out.find("closed") != std::string::npos);
  CHECK(breaker.out.find("consecutive_failures") != std::string::npos);

  // The node has made no decision yet (its first timer is 4 h of event time away).
  auto decisions = ctl(dir, node.at() + std::vector<std::string>{"decisions", "5"});
  INFO(decisions.err);
  CHECK(decisions.code == 0);
  CHECK(decisions.out == "(no decisions)\n");

  auto events = ctl(dir, node.at() + std::vector<std::string>{"events", "supervisor", "5"});
  CHECK(events.code == 0);
  auto started = events.out.find(" supervisor info started ");
  REQUIRE(started != std::string::npos);
  CHECK(events.out.find("heartbeat", started) != std::string::npos);

  auto restart = ctl(dir, node.at() + std::vector<std::string>{"restart", "heartbeat"});
  INFO(restart.err);
  CHECK(restart.code == 0);
  CHECK(restart.out == "restart of heartbeat requested\n");
  // The supervisor restarts it at once: a requested restart is no failure.
  std::vector<std::string> row;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    row = row_of(ctl(dir, node.at() + std::vector<std::string>{"actors"}).out, "heartbeat");
  } while ((row.size() < 3 || row[1] != "up") && std::chrono::steady_clock::now() < deadline);
  REQUIRE(row.size() == 4);
  CHECK(row[1] == "up");
  CHECK(row[2] == "1");
  CHECK(row[3] == "-"); // no last error

  auto unknown = ctl(dir, node.at() + std::vector<std::string>{"restart", "nosuch"});
  CHECK(unknown.code == 1);
  CHECK(unknown.err == "tradectl: no service named 'nosuch' (tradectl actors lists them)\n");

  auto stop = ctl(dir, node.at() + std::vector<std::string>{"stop"});
  INFO(stop.err);
  CHECK(stop.code == 0);
  CHECK(stop.out == "stop requested; waiting for the node to go down\nnode stopped\n");
  CHECK(node.process.exit_code(15s) == 0);
  CHECK(slurp(dir.file("node.err")).find("supervisor info stopping services") != std::string::npos);
}

TEST_CASE("tradectl over mutual TLS needs the client certificate and the token") {
  temp_dir dir;
  auto tls = "  tls:\n"
             "    certificate: " + pki + "/server.pem\n"
             "    key: " + pki + "/server.key\n"
             "    cafile: " + pki + "/ca.pem\n";
  running_node node{dir, free_port(), tls, {token_var + "=" + token}};
  auto certs = std::vector<std::string>{"--cert", pki + "/console-client.pem", "--key",
                                        pki + "/console-client.key", "--ca", pki + "/ca.pem"};
  auto with_token = std::vector<std::string>{token_var + "=" + token};

  auto version = ctl(dir, node.at() + certs + std::vector<std::string>{"version"}, with_token);
  INFO(version.err);
  CHECK(version.code == 0);
  CHECK(version.out == "tradectl " TN_VERSION "\ntradenode " TN_VERSION "\n");

  auto wrong = ctl(dir, node.at() + certs + std::vector<std::string>{"version"},
                   {token_var + "=not-the-console-token"});
  CHECK(wrong.code == 1);
  CHECK(wrong.err.find("access denied") != std::string::npos);

  auto plain = ctl(dir, node.at() + std::vector<std::string>{"version"}, with_token);
  CHECK(plain.code == 1);
  CHECK(plain.err.find("the node at 127.0.0.1:" + std::to_string(node.port)) != std::string::npos);
  CHECK(plain.err.find("system_error") == std::string::npos);

  auto stop = ctl(dir, node.at() + certs + std::vector<std::string>{"stop"}, with_token);
  INFO(stop.err);
  CHECK(stop.code == 0);
  CHECK(node.process.exit_code(15s) == 0);
}

TEST_CASE("tradectl fails clearly when no node listens") {
  temp_dir dir;
  auto port = free_port();
  auto r = ctl(dir, {"--port", std::to_string(port), "status"});
  CHECK(r.code == 1);
  CHECK(r.err == "tradectl: cannot reach the node at 127.0.0.1:" + std::to_string(port)
                   + " (connection refused): is it running?\n");
  auto usage = ctl(dir, {"frobnicate"});
  CHECK(usage.code == 2);
  CHECK(usage.err.rfind("tradectl: unknown command: frobnicate\nusage: tradectl", 0) == 0);
}

TEST_CASE("tradenode exits 1 and says why when the console port is taken") {
  temp_dir dir;
  listener taken;
  auto cfg = dir.file("node.yaml");
  write(cfg, node_config(dir, taken.port()));
  subprocess p{tradenode, {"--config", cfg}, dir.file("node.out"), dir.file("node.err"),
               {token_var}};
  REQUIRE(p.started());
  CHECK(p.exit_code(20s) == 1);
  auto err = slurp(dir.file("node.err"));
  INFO(err);
  CHECK(err.find("tradenode: the console cannot listen on 127.0.0.1:" + std::to_string(taken.port())
                 + " (console.port: cannot open the port")
        != std::string::npos);
  CHECK(err.find("system_error") == std::string::npos);
}

TEST_CASE("tradenode refuses a console off loopback without TLS and token") {
  temp_dir dir;
  auto cfg = dir.file("node.yaml");
  write(cfg, "console:\n  host: 0.0.0.0\n  port: 18444\n");
  subprocess p{tradenode, {"--config", cfg}, dir.file("node.out"), dir.file("node.err"),
               {token_var}};
  REQUIRE(p.started());
  CHECK(p.exit_code(20s) == 2);
  CHECK(slurp(dir.file("node.err")).find("console.host: 0.0.0.0 is not a loopback address")
        != std::string::npos);
}
