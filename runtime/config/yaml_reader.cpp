#include "runtime/config/yaml_reader.hpp"

#include "runtime/config/duration.hpp"
#include "runtime/config/keys.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <system_error>

namespace tn::detail {

namespace {

std::string join(const std::vector<std::string_view>& xs, std::string_view sep) {
  std::string out;
  for (auto x : xs) {
    if (!out.empty())
      out += sep;
    out += x;
  }
  return out;
}

std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Scalar: return "'" + n.Scalar() + "'";
    default: return "nothing";
  }
}

std::string quoted(const std::string& s) {
  return s.empty() ? "nothing" : "'" + s + "'";
}

std::string number_text(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

// yaml-cpp marks a null value at the token after it, often the next line;
// the key is where the reader looks.
YAML::Mark value_mark(const YAML::Node& value, const YAML::Mark& fallback) {
  return value.IsNull() || value.Mark().is_null() ? fallback : value.Mark();
}

bool parse_integer(const std::string& s, long long& out, std::errc& status) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  status = ec;
  return ec == std::errc{} && end == s.data() + s.size();
}

bool parse_real(const std::string& s, double& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && std::isfinite(out);
}

} // namespace

std::string config_message(const std::string& source, const YAML::Mark& at,
                           const std::string& path, const std::string& reason) {
  auto mark = at.is_null() ? YAML::Mark{} : at;
  auto out = source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1)
             + ": ";
  if (!path.empty())
    out += path + ": ";
  return out + reason;
}

// -- context ------------------------------------------------------------------

context::context(std::string source, env_lookup env)
  : source_(std::move(source)), env_(std::move(env)) {
}

void context::fail(const located& at, const std::string& reason) const {
  throw config_error{config_message(source_, at.mark, at.path, reason)};
}

std::string context::text(const located& at, const char* expected) const {
  if (at.value.IsNull())
    return {};
  if (!at.value.IsScalar())
    fail(at, std::string{"expected "} + expected + ", got " + describe(at.value));
  std::string out;
  std::string error;
  if (!substitute_env(at.value.Scalar(), env_, out, error))
    fail(at, error);
  return out;
}

// -- map_reader ---------------------------------------------------------------

map_reader::map_reader(const context& ctx, located self, std::vector<std::string_view> known)
  : ctx_(&ctx), self_(std::move(self)) {
  const auto& node = self_.value;
  if (node.IsNull())
    return;
  if (!node.IsMap())
    ctx.fail(self_, "expected a map with the keys " + join(known, ", ") + "; got "
                      + describe(node));
  for (const auto& entry : node) {
    // Copies: yaml-cpp's iterator hands out a proxy, not stored nodes.
    YAML::Node key = entry.first;
    YAML::Node value = entry.second;
    if (!key.IsScalar())
      ctx.fail({key, value_mark(key, self_.mark), self_.path},
               "expected a key name, got " + describe(key));
    auto name = key.Scalar();
    located key_at{key, key.Mark(), child_path(name)};
    if (looks_like_secret(name))
      ctx.fail(key_at, "looks like a secret; secrets never go into the config: set "
                         + std::string{secret_env_hint(key_at.path)}
                         + " in the environment instead");
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      auto near = closest_key(name, known);
      ctx.fail(key_at, near.empty() ? "unknown key (known keys: " + join(known, ", ") + ")"
                                    : "unknown key (did you mean '" + near + "'?)");
    }
    for (auto& [seen, where] : entries_)
      if (seen == name)
        ctx.fail(key_at, "duplicate key (first at line " + std::to_string(where.mark.line + 1)
                           + ")");
    entries_.emplace_back(name, located{value, value_mark(value, key.Mark()),
                                        key_at.path});
  }
}

std::string map_reader::child_path(std::string_view key) const {
  return self_.path.empty() ? std::string{key} : self_.path + "." + std::string{key};
}

bool map_reader::has(std::string_view key) const {
  for (auto& entry : entries_)
    if (entry.first == key)
      return true;
  return false;
}

located map_reader::at(std::string_view key) const {
  for (auto& entry : entries_)
    if (entry.first == key)
      return entry.second;
  return {YAML::Node{}, self_.mark, child_path(key)};
}

map_reader map_reader::section(std::string_view key, std::vector<std::string_view> known) const {
  return map_reader{*ctx_, at(key), std::move(known)};
}

void map_reader::read(std::string_view key, std::string& out) const {
  if (has(key))
    out = ctx_->text(at(key), "a string");
}

void map_reader::read(std::string_view key, uint32_t& out, uint32_t lo, uint32_t hi) const {
  if (!has(key))
    return;
  auto where = at(key);
  auto s = ctx_->text(where, "a number");
  auto range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  long long value = 0;
  std::errc status{};
  double real = 0;
  if (!parse_integer(s, value, status)) {
    if (status == std::errc::result_out_of_range)
      ctx_->fail(where, "out of range: must be in " + range + ", got " + s);
    if (parse_real(s, real))
      ctx_->fail(where, "expected a whole number in " + range + ", got " + s);
    ctx_->fail(where, "expected a number in " + range + ", got " + quoted(s));
  }
  if (value < static_cast<long long>(lo) || value > static_cast<long long>(hi))
    ctx_->fail(where, "out of range: must be in " + range + ", got " + s);
  out = static_cast<uint32_t>(value);
}

void map_reader::read(std::string_view key, double& out, double lo, double hi) const {
  if (!has(key))
    return;
  auto where = at(key);
  auto s = ctx_->text(where, "a number");
  auto range = "[" + number_text(lo) + ", " + number_text(hi) + "]";
  double value = 0;
  if (!parse_real(s, value))
    ctx_->fail(where, "expected a number in " + range + ", got " + quoted(s));
  if (value < lo || value > hi)
    ctx_->fail(where, "out of range: must be in " + range + ", got " + s);
  out = value;
}

void map_reader::read(std::string_view key, timespan& out, timespan lo, timespan hi) const {
  if (!has(key))
    return;
  auto where = at(key);
  auto s = ctx_->text(where, "a duration (e.g. 30s, 500ms, 5m, 1h)");
  timespan value{};
  std::string error;
  if (!parse_duration(s, value, error))
    ctx_->fail(where, error);
  if (value < lo || value > hi)
    ctx_->fail(where, "out of range: must be in [" + format_duration(lo) + ", "
                        + format_duration(hi) + "], got " + s);
  out = value;
}

void map_reader::read(std::string_view key, decimal& out, decimal lo, decimal hi) const {
  if (!has(key))
    return;
  auto where = at(key);
  auto s = ctx_->text(where, "a number");
  auto range = "[" + to_string(lo) + ", " + to_string(hi) + "]";
  auto value = decimal::parse(s);
  if (!value)
    ctx_->fail(where, "expected a plain decimal number in " + range + " with at most 8 decimals, got "
                        + quoted(s));
  if (*value < lo || *value > hi)
    ctx_->fail(where, "out of range: must be in " + range + ", got " + s);
  out = *value;
}

void map_reader::read(std::string_view key, bool& out) const {
  if (!has(key))
    return;
  auto where = at(key);
  auto s = ctx_->text(where, "true or false");
  if (s != "true" && s != "false")
    ctx_->fail(where, "expected true or false, got " + quoted(s));
  out = s == "true";
}

std::vector<std::pair<std::string, located>>
map_reader::named_entries(std::string_view key) const {
  auto where = at(key);
  std::vector<std::pair<std::string, located>> out;
  if (where.value.IsNull())
    return out;
  if (!where.value.IsMap())
    ctx_->fail(where, "expected a map (e.g. {ETHUSDT: 1h}), got " + describe(where.value));
  for (const auto& entry : where.value) {
    YAML::Node name = entry.first;
    YAML::Node value = entry.second;
    if (!name.IsScalar())
      ctx_->fail({name, value_mark(name, where.mark), where.path},
                 "expected a key name, got " + describe(name));
    located item{value, value_mark(value, name.Mark()), where.path + "." + name.Scalar()};
    for (auto& [seen, first] : out)
      if (seen == name.Scalar())
        ctx_->fail(item, "duplicate key (first at line " + std::to_string(first.mark.line + 1)
                           + ")");
    out.emplace_back(name.Scalar(), std::move(item));
  }
  return out;
}

std::vector<located> map_reader::list(std::string_view key) const {
  auto where = at(key);
  if (!where.value.IsSequence())
    ctx_->fail(where, "expected a list (e.g. [a, b]), got " + describe(where.value));
  std::vector<located> items;
  for (const auto& item : where.value)
    items.push_back({item, value_mark(item, where.mark),
                     where.path + "[" + std::to_string(items.size()) + "]"});
  return items;
}

std::string map_reader::enum_reason(const std::string& word,
                                    const std::vector<std::string_view>& names) {
  auto reason = "expected one of " + join(names, "|") + ", got " + quoted(word);
  auto near = closest_key(word, names);
  return near.empty() ? reason : reason + " (did you mean '" + near + "'?)";
}

} // namespace tn::detail
