#pragma once

// Request signing as Binance checks it: HMAC-SHA256 over the exact bytes
// sent (query string, then form body, no separator), written in hex. The
// node's binance broker signs with these and exchange-sim verifies with
// them, so both sides agree on one definition.

#include <cstdint>
#include <string>
#include <string_view>

namespace tn::net {

/// Lowercase hex of HMAC-SHA256(key, payload): 64 characters.
std::string hmac_sha256_hex(std::string_view key, std::string_view payload);

/// `params` (already percent-encoded, may be empty) with
/// `recvWindow=<recv_window_ms>&timestamp=<timestamp_ms>` appended (no
/// recvWindow when it is 0), then `&signature=<hex>` over everything before
/// it. The timestamp is wall time in ms, read by the caller's clock.
std::string binance_signed_query(std::string_view params, std::string_view secret,
                                 int64_t timestamp_ms, int64_t recv_window_ms = 5000);

/// True if `signature` (hex, any case, as Binance accepts it) is the
/// HMAC-SHA256 of `payload` under `secret`. Compares in constant time.
bool binance_signature_valid(std::string_view payload, std::string_view signature,
                             std::string_view secret);

} // namespace tn::net
