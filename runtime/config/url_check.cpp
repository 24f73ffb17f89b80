#include "runtime/config/url_check.hpp"

#include <algorithm>

namespace tn {

namespace {

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
         || c == '-' || c == '.' || c == '_';
}

bool is_hex_or_colon(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
         || c == ':' || c == '.';
}

std::string join(std::initializer_list<std::string_view> xs) {
  std::string out;
  for (auto x : xs) {
    if (!out.empty())
      out += " or ";
    out += x;
  }
  return out;
}

} // namespace

bool check_url(std::string_view text, std::initializer_list<std::string_view> schemes,
               std::string& error) {
  auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    error = "expected a URL like " + std::string{*schemes.begin()} + "://host[:port], got '"
            + std::string{text} + "'";
    return false;
  }
  auto scheme = text.substr(0, sep);
  bool known = false;
  for (auto s : schemes)
    known = known || s == scheme;
  if (!known) {
    error = "URL scheme must be " + join(schemes) + ", got '" + std::string{scheme} + "'";
    return false;
  }
  auto rest = text.substr(sep + 3);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    error = "URL must not contain credentials; put them in the environment";
    return false;
  }
  std::string_view host;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "URL has an unterminated IPv6 address";
      return false;
    }
    host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      error = "URL has junk after the IPv6 address";
      return false;
    }
    port = after.empty() ? after : after.substr(1);
    for (char c : host)
      if (!is_hex_or_colon(c)) {
        error = "URL has an invalid IPv6 address '" + std::string{host} + "'";
        return false;
      }
  } else {
    auto colon = authority.find(':');
    host = authority.substr(0, colon);
    port = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon + 1);
    for (char c : host)
      if (!is_host_char(c)) {
        error = "URL has an invalid host '" + std::string{host} + "'";
        return false;
      }
  }
  if (host.empty()) {
    error = "URL has no host";
    return false;
  }
  if (authority.size() > host.size() && port.empty() && authority.back() == ':') {
    error = "URL has an empty port";
    return false;
  }
  if (!port.empty()) {
    bool digits = port.size() <= 5
                  && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    long value = digits ? std::stol(std::string{port}) : 0;
    if (value < 1 || value > 65535) {
      error = "URL port must be a number in 1..65535, got '" + std::string{port} + "'";
      return false;
    }
  }
  return true;
}

} // namespace tn
