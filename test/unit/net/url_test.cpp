#include "runtime/net/url.hpp"

#include <catch2/catch.hpp>

using tn::net::parse_url;
using tn::net::url;

namespace {

url parsed(std::string_view text) {
  url out;
  std::string error;
  INFO(text);
  REQUIRE(parse_url(text, out, error));
  CHECK(error.empty());
  return out;
}

std::string rejected(std::string_view text) {
  url out;
  std::string error;
  INFO(text);
  CHECK_FALSE(parse_url(text, out, error));
  CHECK_FALSE(error.empty());
  return error;
}

} // namespace

TEST_CASE("parse_url applies default ports per scheme") {
  CHECK(parsed("http://example.com").port == 80);
  CHECK(parsed("ws://example.com").port == 80);
  CHECK(parsed("https://example.com").port == 443);
  CHECK(parsed("wss://example.com").port == 443);
  CHECK(parsed("https://example.com").tls());
  CHECK(parsed("wss://example.com").tls());
  CHECK_FALSE(parsed("http://example.com").tls());
  CHECK_FALSE(parsed("ws://example.com").tls());
}

TEST_CASE("parse_url splits host, port and target") {
  auto u = parsed("wss://Stream.Binance.com:9443/stream?streams=btcusdt@kline_1m#frag");
  CHECK(u.scheme == "wss");
  CHECK(u.host == "stream.binance.com");
  CHECK(u.port == 9443);
  CHECK(u.target == "/stream?streams=btcusdt@kline_1m");
  CHECK(parsed("HTTP://h").scheme == "http");
  CHECK(parsed("http://h").target == "/");
  CHECK(parsed("http://h?a=1").target == "/?a=1");
  CHECK(parsed("http://h:8080").target == "/");
}

TEST_CASE("parse_url handles bracketed IPv6 literals") {
  auto u = parsed("https://[::1]:8443/api/v3/time");
  CHECK(u.host == "::1");
  CHECK(u.port == 8443);
  CHECK(u.target == "/api/v3/time");
  CHECK(u.origin() == "https://[::1]:8443");
  CHECK(u.host_header() == "[::1]:8443");
  auto d = parsed("ws://[::1]/x");
  CHECK(d.port == 80);
  CHECK(d.origin() == "ws://[::1]");
}

TEST_CASE("url origin omits the default port") {
  CHECK(parsed("https://api.binance.com/api").origin() == "https://api.binance.com");
  CHECK(parsed("https://127.0.0.1:443/").origin() == "https://127.0.0.1");
  CHECK(parsed("http://127.0.0.1:8080/x").origin() == "http://127.0.0.1:8080");
  CHECK(parsed("http://127.0.0.1:443/").origin() == "http://127.0.0.1:443");
}

TEST_CASE("parse_url rejects malformed input") {
  CHECK(rejected("example.com/path").find("scheme") != std::string::npos);
  CHECK(rejected("ftp://example.com").find("ftp") != std::string::npos);
  rejected("http://");
  rejected("http:///path");
  rejected("http://host:");
  rejected("http://host:0");
  rejected("http://host:65536");
  rejected("http://host:80x");
  rejected("http://[::1");
  rejected("http://[::1]x");
  rejected("http://user@host");
}

TEST_CASE("parse_url leaves the output alone on failure") {
  url out;
  out.host = "kept";
  std::string error;
  CHECK_FALSE(parse_url("http://host:99999", out, error));
  CHECK(out.host == "kept");
}
