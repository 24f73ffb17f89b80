#include "runtime/json/json_read.hpp"

#include "runtime/json/json_writer.hpp"

namespace tn::json_read {

const char* type_name(const dom::element& x) {
  switch (x.type()) {
    case dom::element_type::ARRAY: return "array";
    case dom::element_type::OBJECT: return "object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64: return "integer";
    case dom::element_type::DOUBLE: return "number";
    case dom::element_type::STRING: return "string";
    case dom::element_type::BOOL: return "boolean";
    case dom::element_type::NULL_VALUE: return "null";
  }
  return "?";
}

std::string read_count(const dom::object& obj, std::string_view key, bool required,
                       uint64_t& out) {
  out = 0;
  dom::element x;
  if (obj[key].get(x) != simdjson::SUCCESS || x.is_null())
    return required ? std::string{key} + " is missing" : std::string{};
  if (x.get(out) == simdjson::SUCCESS)
    return {};
  out = 0;
  int64_t negative = 0;
  if (x.get(negative) == simdjson::SUCCESS)
    return std::string{key} + " is negative (" + std::to_string(negative) + ")";
  return std::string{key} + " has type " + type_name(x) + ", not a count";
}

std::string read_usage_counts(const dom::object& root, std::string_view key,
                              std::initializer_list<count_field> fields) {
  dom::object usage;
  if (!get(root, key, usage))
    return "no " + std::string{key} + " in the answer";
  std::string problem;
  for (auto& f : fields)
    if (auto why = read_count(usage, f.key, f.required, *f.out); !why.empty() && problem.empty())
      problem = std::string{key} + "." + why;
  return problem;
}

std::string not_a_string(const dom::object& obj, std::string_view key) {
  dom::element x;
  if (obj[key].get(x) != simdjson::SUCCESS || x.is_null() || x.is_string())
    return {};
  return std::string{key} + " has type " + type_name(x) + ", not string";
}

std::string for_log(std::string_view text, size_t max_chars) {
  bool cut = text.size() > max_chars;
  // A UTF-8 sequence cut in half becomes U+FFFD in append_json_string.
  if (cut)
    text = text.substr(0, max_chars);
  std::string quoted;
  append_json_string(quoted, text);
  // The JSON quotes are ours; keep the escaping, drop the quotes.
  auto out = quoted.substr(1, quoted.size() - 2);
  if (cut)
    out += "...";
  return out;
}

simdjson::simdjson_result<dom::element> parse(dom::parser& parser, std::string_view text) {
  // simdjson copies into its own padded buffer when told the input lacks
  // padding (realloc_if_needed), so any string_view is safe here.
  return parser.parse(text.data(), text.size(), true);
}

} // namespace tn::json_read
