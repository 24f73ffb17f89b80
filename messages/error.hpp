#pragma once

// The node's error codes. Fallible functions return caf::expected<T> or a
// caf::error made from these; the context message names the key and reason.

#include <caf/error.hpp>
#include <caf/make_message.hpp>

#include <cstdint>
#include <string>

namespace tn {

enum class ec : uint8_t {
  none = 0,
  /// A configuration file or value was refused.
  invalid_config,
  /// A frame or response from the exchange could not be parsed.
  parse_error,
  /// A network operation failed (connect, TLS, read, write, timeout).
  network_error,
  /// An HTTP peer answered with a non-success status.
  http_error,
  /// A required service is not running.
  missing_service,
  /// A service failed too often and the supervisor gave up.
  restart_limit,
  /// An argument is outside its allowed range.
  invalid_argument,
  /// A console request carried a wrong access token.
  access_denied,
  /// The journal's database refused an operation or is unusable.
  storage_error,
};

std::string to_string(ec code);

} // namespace tn

CAF_ERROR_CODE_ENUM(tn::ec, "tradenode")
