#include "actors/agent/json_read.hpp"

#include "actors/agent/json_writer.hpp"

namespace tn::json_read {

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
