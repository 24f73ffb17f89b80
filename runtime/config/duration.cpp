#include "runtime/config/duration.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <utility>

namespace tn {

namespace {

using namespace std::chrono_literals;

// Two-letter units first so that "ms" is not read as "m" followed by "s".
const std::array<std::pair<std::string_view, timespan>, 7> units = {{
  {"ns", 1ns}, {"us", 1us}, {"ms", 1ms}, {"s", 1s}, {"m", 1min}, {"h", 1h}, {"d", 24h},
}};

constexpr const char* unit_list = "ns, us, ms, s, m, h, d";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

} // namespace

bool parse_duration(std::string_view text, timespan& out, std::string& error) {
  if (text.empty()) {
    error = "expected a duration, e.g. 30s, 500ms, 5m, 1h; got nothing";
    return false;
  }
  constexpr auto limit = std::numeric_limits<int64_t>::max();
  int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      error = "expected a duration, e.g. 30s, 500ms, 5m, 1h; got '" + std::string{text} + "'";
      return false;
    }
    int64_t n = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      if (n > (limit - 9) / 10) {
        error = "duration '" + std::string{text} + "' is too large";
        return false;
      }
      n = n * 10 + (text[i] - '0');
    }
    auto unit_end = i;
    while (unit_end < text.size() && !is_digit(text[unit_end]))
      ++unit_end;
    auto unit = text.substr(i, unit_end - i);
    if (!unit.empty() && unit.front() == '.') {
      error = "duration '" + std::string{text}
              + "' needs a whole number; use a smaller unit (e.g. 1500ms, not 1.5s)";
      return false;
    }
    if (unit.empty()) {
      error = "duration '" + std::string{text} + "' needs a unit (" + unit_list
              + "), e.g. " + std::string{text} + "s";
      return false;
    }
    const timespan* scale = nullptr;
    for (auto& [name, value] : units)
      if (name == unit)
        scale = &value;
    if (scale == nullptr) {
      error = "unknown duration unit '" + std::string{unit} + "' in '" + std::string{text}
              + "' (use " + unit_list + ")";
      return false;
    }
    if (n > (limit - total) / scale->count()) {
      error = "duration '" + std::string{text} + "' is too large";
      return false;
    }
    total += n * scale->count();
    i = unit_end;
  }
  out = timespan{total};
  return true;
}

std::string format_duration(timespan d) {
  if (d.count() == 0)
    return "0s";
  // Largest unit that divides exactly; units are ordered smallest first and
  // the smallest, ns, divides everything.
  for (auto it = units.rbegin(); it != units.rend() - 1; ++it)
    if (d.count() % it->second.count() == 0)
      return std::to_string(d.count() / it->second.count()) + std::string{it->first};
  return std::to_string(d.count()) + "ns";
}

} // namespace tn
