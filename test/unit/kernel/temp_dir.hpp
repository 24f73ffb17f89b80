#pragma once

// A fresh directory under the system's temp dir, removed with its contents.

#include <atomic>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace tn::test {

class temp_dir {
public:
  temp_dir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path()
            / ("tn-kernel-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const {
    return path_;
  }

  std::string file(const std::string& name) const {
    return (path_ / name).string();
  }

private:
  std::filesystem::path path_;
};

} // namespace tn::test
