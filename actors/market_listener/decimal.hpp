#pragma once

// Binance sends prices and quantities as decimal strings.

#include <charconv>
#include <string_view>

namespace tn {

/// Parses a plain decimal ("117224.79000000", "0", "-1.5"); false on
/// anything else (empty, exponent, trailing garbage, inf/nan).
inline bool parse_decimal(std::string_view text, double& out) {
  if (text.empty())
    return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-'))
      return false;
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), out,
                                    std::chars_format::fixed);
  return err == std::errc{} && end == text.data() + text.size();
}

} // namespace tn
