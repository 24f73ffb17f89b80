#include "runtime/process/environment.hpp"

#include <algorithm>
#include <cstdlib>

namespace tn {

std::string current_env(const std::string& name) {
  auto value = std::getenv(name.c_str());
  return value ? value : "";
}

std::vector<std::string> passthrough_environment(const std::vector<std::string>& names,
                                                 const env_reader& lookup) {
  std::vector<std::string> wanted;
  auto want = [&](const std::string& name) {
    if (!name.empty() && name.find('=') == std::string::npos
        && std::find(wanted.begin(), wanted.end(), name) == wanted.end())
      wanted.push_back(name);
  };
  for (auto& name : names)
    want(name);
  want("PATH");
  want("HOME");
  std::vector<std::string> out;
  for (auto& name : wanted)
    if (auto value = lookup(name); !value.empty())
      out.push_back(name + "=" + value);
  return out;
}

} // namespace tn
