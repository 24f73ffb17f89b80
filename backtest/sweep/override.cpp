#include "backtest/sweep/override.hpp"

#include <yaml-cpp/yaml.h>

namespace tn::backtest {

namespace {

std::vector<std::string> split(const std::string& key) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    auto dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos)
      return parts;
    start = dot + 1;
  }
}

} // namespace

bool apply_overrides(const std::string& base_yaml,
                     const std::vector<std::pair<std::string, std::string>>& overrides,
                     std::string& out, std::string& error) {
  YAML::Node root;
  try {
    root = YAML::Load(base_yaml);
  } catch (const YAML::Exception& e) {
    error = "the base config does not parse: " + e.msg;
    return false;
  }
  if (!root.IsMap()) {
    error = "the base config is not a map of sections";
    return false;
  }
  for (auto& [key, text] : overrides) {
    auto parts = split(key);
    for (auto& p : parts)
      if (p.empty()) {
        error = key + ": an empty part in the key";
        return false;
      }
    YAML::Node value;
    try {
      value = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      error = key + ": the value " + text + " does not parse: " + e.msg;
      return false;
    }
    // Node assignment writes through a reference; reset() moves the handle.
    YAML::Node at;
    at.reset(root);
    std::string path;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      path += (i > 0 ? "." : "") + parts[i];
      YAML::Node child = at[parts[i]];
      if (!child.IsDefined() || child.IsNull()) {
        at[parts[i]] = YAML::Node(YAML::NodeType::Map);
        child.reset(at[parts[i]]);
      }
      if (!child.IsMap()) {
        error = key + ": " + path + " is not a map";
        return false;
      }
      at.reset(child);
    }
    at[parts.back()] = value;
  }
  YAML::Emitter emit;
  emit << root;
  if (!emit.good()) {
    error = "the config cannot be written back: " + emit.GetLastError();
    return false;
  }
  out = std::string{emit.c_str()} + "\n";
  return true;
}

} // namespace tn::backtest
