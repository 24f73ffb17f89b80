#include "runtime/config/destination.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace tn {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// PROTOCOLS.md: spot testnet, spot demo, USDⓈ-M demo and the old futures
/// testnet, REST and streams.
constexpr std::array<std::string_view, 6> test_hosts = {
  "testnet.binance.vision",  "stream.testnet.binance.vision", "demo-api.binance.com",
  "demo-stream.binance.com", "demo-fapi.binance.com",         "demo-fstream.binance.com",
};

bool is_binance_domain(std::string_view host) {
  return host == "binance.com" || ends_with(host, ".binance.com") || host == "binance.vision"
         || ends_with(host, ".binance.vision");
}

} // namespace

std::string url_host(std::string_view url) {
  auto sep = url.find("://");
  auto rest = sep == std::string_view::npos ? url : url.substr(sep + 3);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1);
  std::string_view host;
  if (!authority.empty() && authority.front() == '[')
    host = authority.substr(1, authority.find(']') - 1);
  else
    host = authority.substr(0, authority.find(':'));
  std::string out{host};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!out.empty() && out.back() == '.') // "localhost." is localhost
    out.pop_back();
  return out;
}

bool is_loopback_host(std::string_view host) {
  std::string text{host};
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1)
    return (ntohl(v4.s_addr) >> 24) == 127;
  if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1)
    return IN6_IS_ADDR_LOOPBACK(&v6);
  return text == "localhost";
}

bool is_clear_text_url(std::string_view url) {
  return url.substr(0, 7) == "http://" || url.substr(0, 5) == "ws://";
}

exchange_destination classify_exchange_host(std::string_view host) {
  if (is_loopback_host(host))
    return exchange_destination::loopback;
  if (std::find(test_hosts.begin(), test_hosts.end(), host) != test_hosts.end()
      || host == "binancefuture.com" || ends_with(host, ".binancefuture.com"))
    return exchange_destination::test;
  return exchange_destination::live;
}

std::string why_live(std::string_view host) {
  if (is_binance_domain(host))
    return std::string{host} + " is the real Binance exchange (real money)";
  return std::string{host}
         + " is neither loopback nor a Binance testnet/demo host, so it may reach the real "
           "exchange (real money)";
}

} // namespace tn
