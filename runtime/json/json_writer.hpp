#pragma once

// A compact JSON writer for request bodies. simdjson only parses, and the
// bodies we send are small and fixed in shape, so a writer that appends to
// one string is all we need. Strings are escaped per RFC 8259 and invalid
// UTF-8 is replaced by U+FFFD, so the output is always valid JSON.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

class json_writer {
public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();

  /// The next member's name; must be followed by exactly one value.
  json_writer& key(std::string_view name);

  json_writer& value(std::string_view text);
  json_writer& value(const char* text) {
    return value(std::string_view{text});
  }
  json_writer& value(bool x);
  json_writer& value(int64_t x);
  json_writer& value(int x) {
    return value(static_cast<int64_t>(x));
  }
  /// Non-finite numbers have no JSON form and are written as null.
  json_writer& value(double x);
  json_writer& null();

  /// Inserts already serialized JSON (e.g. a schema) as one value.
  json_writer& raw(std::string_view json);

  /// The document so far.
  const std::string& str() const {
    return out_;
  }
  std::string take() {
    return std::move(out_);
  }

private:
  void separate();

  std::string out_;
  std::vector<bool> has_member_; // per open container: a comma is due
  bool after_key_ = false;
};

/// Appends `text` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view text);

} // namespace tn
