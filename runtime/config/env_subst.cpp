#include "runtime/config/env_subst.hpp"

#include <cstdlib>

namespace tn {

namespace {

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

bool valid_name(std::string_view name) {
  if (name.empty() || !is_name_start(name.front()))
    return false;
  for (char c : name)
    if (!is_name_char(c))
      return false;
  return true;
}

} // namespace

const char* process_env(const char* name) {
  return std::getenv(name);
}

bool substitute_env(std::string_view text, const env_lookup& env, std::string& out,
                    std::string& error) {
  std::string result;
  std::size_t i = 0;
  while (i < text.size()) {
    auto open = text.find("${", i);
    if (open == std::string_view::npos) {
      result.append(text.substr(i));
      break;
    }
    result.append(text.substr(i, open - i));
    auto close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      error = "'${' without a closing '}' in '" + std::string{text} + "'";
      return false;
    }
    auto inner = text.substr(open + 2, close - open - 2);
    auto sep = inner.find(":-");
    auto name = inner.substr(0, sep);
    if (!valid_name(name)) {
      error = "invalid environment variable name '" + std::string{name} + "' in '"
              + std::string{text} + "'";
      return false;
    }
    const char* value = env(std::string{name}.c_str());
    if (sep != std::string_view::npos && (value == nullptr || *value == '\0')) {
      result.append(inner.substr(sep + 2));
    } else if (value == nullptr) {
      error = "environment variable " + std::string{name} + " is not set (write ${"
              + std::string{name} + ":-default} to give a default)";
      return false;
    } else {
      result.append(value);
    }
    i = close + 1;
  }
  out = std::move(result);
  return true;
}

} // namespace tn
