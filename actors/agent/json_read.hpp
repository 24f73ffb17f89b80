#pragma once

// Small helpers over simdjson's DOM shared by the response parsers.

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace tn::json_read {

namespace dom = simdjson::dom;

/// The member `key` of `obj` as T; false if absent or of another type.
template <class T>
bool get(const dom::object& obj, std::string_view key, T& out) {
  return obj[key].get(out) == simdjson::SUCCESS;
}

/// A string member, or `fallback` if absent or not a string.
inline std::string string_or(const dom::object& obj, std::string_view key,
                             std::string_view fallback = {}) {
  std::string_view x;
  return std::string{get(obj, key, x) ? x : fallback};
}

/// A non-negative integer member (token counts); 0 if absent, null or odd.
inline uint64_t count_or_zero(const dom::object& obj, std::string_view key) {
  uint64_t x = 0;
  return get(obj, key, x) ? x : 0;
}

/// Text from the wire shortened for a log line; control characters escaped
/// so a peer cannot forge log lines.
std::string for_log(std::string_view text, size_t max_chars = 300);

/// Parses `text` (copied into padded storage) with `parser`.
simdjson::simdjson_result<dom::element> parse(dom::parser& parser, std::string_view text);

} // namespace tn::json_read
