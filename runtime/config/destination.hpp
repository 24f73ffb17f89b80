#pragma once

// Where a configured URL leads, judged by its host: the rules that keep keys
// off clear text and real money behind the live switch look at the
// destination, never at the label a config gives it.

#include <string>
#include <string_view>

namespace tn {

enum class exchange_destination {
  loopback, ///< this machine: the bundled local exchange, a tunnel, a proxy
  test,     ///< a Binance testnet or demo host: virtual funds
  live,     ///< the real Binance, or a host we cannot vouch for
};

/// The host of `url` (scheme://host[:port]/...), lower case, without IPv6
/// brackets; "" when there is none.
std::string url_host(std::string_view url);

/// 127.0.0.0/8, ::1 and localhost.
bool is_loopback_host(std::string_view host);

/// True for http:// and ws:// (no TLS).
bool is_clear_text_url(std::string_view url);

/// Only loopback and Binance's published testnet/demo hosts are known not to
/// trade real money; every other host, Binance's own or unknown (a proxy may
/// forward to the real exchange), counts as live.
exchange_destination classify_exchange_host(std::string_view host);

/// "api.binance.com is the real Binance exchange" or "... is neither ...":
/// why a host counts as live, for config errors.
std::string why_live(std::string_view host);

} // namespace tn
