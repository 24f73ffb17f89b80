#pragma once

// A parsed http/https/ws/wss URL.

#include <cstdint>
#include <string>
#include <string_view>

namespace tn::net {

struct url {
  std::string scheme; ///< lower case: http, https, ws or wss
  std::string host;   ///< name or address; IPv6 without brackets
  uint16_t port = 0;  ///< explicit, or 80/443 by scheme
  std::string target = "/"; ///< path and query, always starting with '/'

  /// True for https and wss.
  bool tls() const;

  /// scheme://host[:port] (IPv6 in brackets; the port only when not the default).
  std::string origin() const;

  /// The value of a Host header: host[:port], IPv6 in brackets.
  std::string host_header() const;
};

/// Parses `text` into `out`; on failure returns false and explains in `error`.
bool parse_url(std::string_view text, url& out, std::string& error);

} // namespace tn::net
