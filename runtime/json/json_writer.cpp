#include "runtime/json/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tn {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF), 0 if ill-formed.
size_t utf8_sequence(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  auto cont = [&](size_t k) { return k < text.size() && (at(k) & 0xC0) == 0x80; };
  unsigned char b = at(i);
  if (b >= 0xC2 && b <= 0xDF)
    return cont(i + 1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2))
      return 0;
    if ((b == 0xE0 && at(i + 1) < 0xA0) || (b == 0xED && at(i + 1) > 0x9F))
      return 0;
    return 3;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3))
      return 0;
    if ((b == 0xF0 && at(i + 1) < 0x90) || (b == 0xF4 && at(i + 1) > 0x8F))
      return 0;
    return 4;
  }
  return 0;
}

} // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if (auto n = utf8_sequence(text, i)) {
        out.append(text.data() + i, n);
        i += n;
      } else {
        out += replacement;
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

void json_writer::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_member_.empty()) {
    if (has_member_.back())
      out_ += ',';
    has_member_.back() = true;
  }
}

json_writer& json_writer::begin_object() {
  separate();
  out_ += '{';
  has_member_.push_back(false);
  return *this;
}

json_writer& json_writer::end_object() {
  out_ += '}';
  has_member_.pop_back();
  return *this;
}

json_writer& json_writer::begin_array() {
  separate();
  out_ += '[';
  has_member_.push_back(false);
  return *this;
}

json_writer& json_writer::end_array() {
  out_ += ']';
  has_member_.pop_back();
  return *this;
}

json_writer& json_writer::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view text) {
  separate();
  append_json_string(out_, text);
  return *this;
}

json_writer& json_writer::value(bool x) {
  separate();
  out_ += x ? "true" : "false";
  return *this;
}

json_writer& json_writer::value(int64_t x) {
  separate();
  out_ += std::to_string(x);
  return *this;
}

json_writer& json_writer::value(double x) {
  if (!std::isfinite(x))
    return null();
  separate();
  // Shortest form that reads back as the same double.
  out_ += fmt::format("{}", x);
  return *this;
}

json_writer& json_writer::null() {
  separate();
  out_ += "null";
  return *this;
}

json_writer& json_writer::raw(std::string_view json) {
  separate();
  out_.append(json.data(), json.size());
  return *this;
}

} // namespace tn
