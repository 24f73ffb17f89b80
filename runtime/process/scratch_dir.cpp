#include "runtime/process/scratch_dir.hpp"

#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <system_error>
#include <vector>

namespace tn {

namespace fs = std::filesystem;

scratch_dir::scratch_dir(std::string_view prefix) {
  std::error_code ec;
  auto base = fs::temp_directory_path(ec);
  if (ec) {
    error_ = "no temp directory: " + ec.message();
    return;
  }
  auto pattern = (base / (std::string{prefix} + "XXXXXX")).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) { // mode 0700
    error_ = "cannot create a directory in " + base.string() + ": "
             + std::error_code{errno, std::generic_category()}.message();
    return;
  }
  path_ = buf.data();
}

scratch_dir::~scratch_dir() {
  if (path_.empty())
    return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

} // namespace tn
