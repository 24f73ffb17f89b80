#pragma once

// A small syntactic check of the config's base URLs, so a typo stops the node
// at start instead of at its first connect. Deliberately independent of
// runtime/net: the config library must not pull in Beast and Asio.

#include <initializer_list>
#include <string>
#include <string_view>

namespace tn {

/// True if `text` is scheme://host[:port][/path] with one of `schemes`
/// (lower case), a host name or IP address, and a port in 1..65535. Refuses
/// user:password@ parts: credentials belong in the environment. On failure
/// explains in `error`.
[[nodiscard]] bool check_url(std::string_view text, std::initializer_list<std::string_view> schemes,
                             std::string& error);

} // namespace tn
