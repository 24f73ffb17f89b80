#pragma once

// Why a TCP connection to the node's console fails, in the words of the
// system ("connection refused"): CAF's own error for a failed connect does
// not carry the reason.

#include <cstdint>
#include <string>

namespace tn {

/// "" when a TCP connection to host:port opens within a few seconds; else
/// the reason, lower case ("connection refused", "no such host", "timed out").
std::string tcp_failure_reason(const std::string& host, uint16_t port);

} // namespace tn
