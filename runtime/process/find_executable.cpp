#include "runtime/process/find_executable.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace tn {

namespace {

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

} // namespace

std::string find_executable(const std::string& name, std::string_view search_path) {
  if (name.empty())
    return {};
  if (name.find('/') != std::string::npos)
    return is_executable_file(name) ? name : std::string{};
  size_t pos = 0;
  for (;;) {
    auto end = search_path.find(':', pos);
    auto dir = search_path.substr(pos, end == std::string_view::npos ? end : end - pos);
    auto candidate = dir.empty() ? name : std::string{dir} + "/" + name;
    if (is_executable_file(candidate))
      return candidate;
    if (end == std::string_view::npos)
      return {};
    pos = end + 1;
  }
}

} // namespace tn
