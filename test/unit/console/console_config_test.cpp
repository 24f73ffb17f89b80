// The console: section of the config, and the rule that keeps the console
// on loopback unless TLS and a token protect it.

#include "test/unit/config/config_test_util.hpp"

#include <catch2/catch.hpp>

using tn::test::accepted;
using tn::test::fake_env;
using tn::test::refusal;

namespace {

const std::string token = "0123456789abcdef0123"; // 20 characters

std::string console(const std::string& body) {
  return "console:\n" + body;
}

const std::string tls_files = "  tls:\n"
                              "    certificate: node.pem\n"
                              "    key: node.key\n"
                              "    cafile: ca.pem\n";

} // namespace

TEST_CASE("without a console section the console is off") {
  auto cfg = accepted("node:\n  mode: paper\n");
  CHECK(cfg.console.port == 0);
  CHECK(cfg.console.host == "127.0.0.1");
  CHECK(cfg.console.auth_env == "TRADENODE_CONSOLE_TOKEN");
  CHECK_FALSE(cfg.console.tls.enabled());
}

TEST_CASE("the embedded default publishes the console on loopback port 18444") {
  auto cfg = tn::load_config_text(tn::embedded_default_config(), "<embedded default>",
                                  tn::test::node_sections(), fake_env());
  REQUIRE(cfg);
  CHECK(cfg->console.host == "127.0.0.1");
  CHECK(cfg->console.port == 18444);
}

TEST_CASE("a loopback console needs neither TLS nor a token") {
  for (auto host : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) {
    auto cfg = accepted(console("  host: \"" + std::string{host} + "\"\n  port: 4000\n"));
    CHECK(cfg.console.host == host);
    CHECK(cfg.console.port == 4000);
  }
}

TEST_CASE("a console off loopback needs TLS and a token, else the node refuses to start") {
  auto open = console("  host: 0.0.0.0\n  port: 4000\n");
  CHECK(refusal(open)
        == "t.yaml:2:9: console.host: 0.0.0.0 is not a loopback address, so the console needs "
           "TLS (console.tls: certificate, key, cafile) and a token in $TRADENODE_CONSOLE_TOKEN "
           "(it is not set); refusing to start");
  CHECK(refusal(open, fake_env({{"TRADENODE_CONSOLE_TOKEN", token}}))
        == "t.yaml:2:9: console.host: 0.0.0.0 is not a loopback address, so the console needs "
           "TLS (console.tls: certificate, key, cafile); refusing to start");
  CHECK(refusal(open + tls_files)
        == "t.yaml:2:9: console.host: 0.0.0.0 is not a loopback address, so the console needs "
           "a token in $TRADENODE_CONSOLE_TOKEN (it is not set); refusing to start");
  auto cfg = accepted(open + tls_files, fake_env({{"TRADENODE_CONSOLE_TOKEN", token}}));
  CHECK(cfg.console.tls.certificate == "node.pem");
  CHECK(cfg.console.tls.key == "node.key");
  CHECK(cfg.console.tls.cafile == "ca.pem");
}

TEST_CASE("the token variable is configurable and the token must not be short") {
  auto yaml = console("  host: 10.1.2.3\n  port: 4000\n  auth_env: NODE_A_TOKEN\n" + tls_files);
  CHECK(refusal(yaml, fake_env({{"TRADENODE_CONSOLE_TOKEN", token}})).find(
          "a token in $NODE_A_TOKEN (it is not set)")
        != std::string::npos);
  accepted(yaml, fake_env({{"NODE_A_TOKEN", token}}));
  CHECK(refusal(yaml, fake_env({{"NODE_A_TOKEN", "short"}}))
        == "t.yaml:4:13: console.auth_env: the token in $NODE_A_TOKEN has 5 characters; use at "
           "least 16");
  CHECK(refusal(console("  auth_env: \"not a name\"\n"))
        == "t.yaml:2:13: console.auth_env: must name an environment variable "
           "([A-Za-z_][A-Za-z0-9_]*), not hold the token itself");
}

TEST_CASE("a disabled console checks no token") {
  accepted(console("  host: 0.0.0.0\n  port: 0\n"));
  accepted(console("  port: 0\n"), fake_env({{"TRADENODE_CONSOLE_TOKEN", "short"}}));
}

TEST_CASE("console TLS files go together and the port has a range") {
  CHECK(refusal(console("  tls:\n    certificate: a.pem\n    cafile: ca.pem\n"))
        == "t.yaml:3:5: console.tls.key: must be set: TLS needs certificate, key and cafile "
           "together");
  CHECK(refusal(console("  port: 70000\n"))
        == "t.yaml:2:9: console.port: out of range: must be in [0, 65535], got 70000");
  CHECK(refusal(console("  host: \"\"\n")) == "t.yaml:2:9: console.host: must not be empty");
}
