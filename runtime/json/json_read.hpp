#pragma once

// Small helpers over simdjson's DOM shared by the model wire formats' parsers and
// the journal.

#include <simdjson.h>

#include <cstdint>
#include <initializer_list>
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

/// The JSON type of `x`: "string", "integer", "number", "null", ...
const char* type_name(const dom::element& x);

/// Reads the token count `key` of `obj` into `out`: a non-negative integer;
/// absent or null reads as 0 unless `required`. Returns why it cannot be
/// read ("input_tokens has type string, not a count"), leaving `out` 0,
/// or "".
std::string read_count(const dom::object& obj, std::string_view key, bool required,
                       uint64_t& out);

/// One token count of a usage object, where it goes, and whether the
/// provider always sends it.
struct count_field {
  std::string_view key;
  uint64_t* out;
  bool required;
};

/// Reads the usage object `key` of `root` field by field. Returns why the
/// usage is not the provider's count ("no usage in the answer",
/// "usage.output_tokens is negative (-5)"), or "" when every field read.
std::string read_usage_counts(const dom::object& root, std::string_view key,
                              std::initializer_list<count_field> fields);

/// If `key` of `obj` is present, not null and not a string, why that makes
/// the answer malformed ("stop_reason has type integer, not string");
/// else "".
std::string not_a_string(const dom::object& obj, std::string_view key);

/// Text from the wire shortened for a log line; control characters escaped
/// so a peer cannot forge log lines.
std::string for_log(std::string_view text, size_t max_chars = 300);

/// Parses `text` (copied into padded storage) with `parser`.
simdjson::simdjson_result<dom::element> parse(dom::parser& parser, std::string_view text);

} // namespace tn::json_read
