#include "runtime/config/section_reader.hpp"

#include "runtime/config/url_check.hpp"

#include <algorithm>

namespace tn::detail {

void require_url(const map_reader& m, std::string_view key, const std::string& value,
                 std::initializer_list<std::string_view> schemes) {
  std::string error;
  if (!check_url(value, schemes, error))
    m.ctx().fail(m.at(key), error);
}

bool valid_env_name(const std::string& name) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  return !name.empty() && alpha(name[0])
         && std::all_of(name.begin(), name.end(),
                        [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

interval read_interval(const context& ctx, const located& at) {
  auto text = ctx.text(at, "an interval");
  interval out = interval::m1;
  if (!parse_interval(text, out))
    ctx.fail(at, "expected one of 1m|5m|15m|1h|4h|1d, got '" + text + "'");
  return out;
}

void refuse_section(const map_reader& top, const map_reader& m, std::string_view section,
                    const std::string& why) {
  auto path_end = why.find(": ");
  auto prefix = std::string{section} + ".";
  if (path_end != std::string::npos && why.compare(0, prefix.size(), prefix) == 0) {
    auto key = why.substr(prefix.size(), path_end - prefix.size());
    key = key.substr(0, key.find('.'));
    if (m.has(key)) {
      auto at = m.at(key);
      top.ctx().fail({at.value, at.mark, ""}, why);
    }
  }
  auto at = top.at(section);
  top.ctx().fail({at.value, at.mark, ""}, why);
}

} // namespace tn::detail
