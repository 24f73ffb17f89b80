#pragma once

// Shared bits of the loopback runtime/net tests.

#include "runtime/net/tls.hpp"
#include "runtime/net/url.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>

namespace tn::net::test {

using namespace std::chrono_literals;

/// Generous: a loaded 2-core machine is slow, and a pass never waits this long.
constexpr auto patience = 20s;

inline std::string pki(const std::string& file) {
  return std::string{TN_TEST_PKI} + "/" + file;
}

inline tls_server_options server_tls() {
  return {pki("server.pem"), pki("server.key")};
}

inline tls_client_options trust_test_ca() {
  return {pki("ca.pem")};
}

inline url make_url(const std::string& text) {
  url out;
  std::string error;
  INFO(text);
  REQUIRE(parse_url(text, out, error));
  return out;
}

template <class T>
T await(std::future<T>& f) {
  REQUIRE(f.wait_for(patience) == std::future_status::ready);
  return f.get();
}

} // namespace tn::net::test
