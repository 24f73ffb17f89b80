#pragma once

// Request targets: "/api/v3/klines?symbol=BTCUSDT&interval=1m".

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tn::sim {

/// %XX-decodes `text` ('+' is a space, as in form encoding).
std::string percent_decode(std::string_view text);

/// A target split into its path and its decoded query parameters.
struct request_target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;

  /// The first value of `name`, or nullptr.
  const std::string* get(std::string_view name) const;
};

request_target parse_target(std::string_view target);

} // namespace tn::sim
