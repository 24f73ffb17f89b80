#include "runtime/net/url.hpp"

#include <algorithm>
#include <cctype>

namespace tn::net {

namespace {

uint16_t default_port(const std::string& scheme) {
  return scheme == "https" || scheme == "wss" ? 443 : 80;
}

std::string lower(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool parse_port(std::string_view text, uint16_t& out) {
  if (text.empty() || text.size() > 5)
    return false;
  uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value == 0 || value > 65535)
    return false;
  out = static_cast<uint16_t>(value);
  return true;
}

std::string bracketed(const std::string& host) {
  return host.find(':') == std::string::npos ? host : "[" + host + "]";
}

} // namespace

bool url::tls() const {
  return scheme == "https" || scheme == "wss";
}

std::string url::host_header() const {
  auto out = bracketed(host);
  if (port != default_port(scheme))
    out += ":" + std::to_string(port);
  return out;
}

std::string url::origin() const {
  return scheme + "://" + host_header();
}

bool parse_url(std::string_view text, url& out, std::string& error) {
  auto fail = [&](std::string why) {
    error = std::move(why) + ": " + std::string{text};
    return false;
  };
  auto sep = text.find("://");
  if (sep == std::string_view::npos)
    return fail("missing scheme");
  url result;
  result.scheme = lower(text.substr(0, sep));
  if (result.scheme != "http" && result.scheme != "https" && result.scheme != "ws"
      && result.scheme != "wss")
    return fail("unsupported scheme '" + result.scheme + "'");
  auto rest = text.substr(sep + 3);
  if (auto hash = rest.find('#'); hash != std::string_view::npos)
    rest = rest.substr(0, hash);
  auto authority_end = rest.find_first_of("/?");
  auto authority = rest.substr(0, authority_end);
  auto target = authority_end == std::string_view::npos ? std::string_view{}
                                                        : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos)
    return fail("user info is not supported");
  std::string_view host;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return fail("unterminated IPv6 address");
    host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return fail("garbage after IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty())
        return fail("empty port");
    }
  } else {
    auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty())
        return fail("empty port");
    }
  }
  if (host.empty())
    return fail("missing host");
  result.host = lower(host);
  result.port = default_port(result.scheme);
  if (!port_text.empty() && !parse_port(port_text, result.port))
    return fail("bad port '" + std::string{port_text} + "'");
  if (target.empty())
    result.target = "/";
  else if (target.front() == '?')
    result.target = "/" + std::string{target};
  else
    result.target = std::string{target};
  out = std::move(result);
  return true;
}

} // namespace tn::net
