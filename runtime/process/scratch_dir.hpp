#pragma once

// A private working directory for a child process: empty, mode 0700, under
// the system's temp dir (TMPDIR), removed with whatever the child left in
// it. A program that reads its surroundings (a CLAUDE.md, a git checkout)
// then finds nothing of ours.

#include <string>
#include <string_view>

namespace tn {

class scratch_dir {
public:
  /// Creates `<temp dir>/<prefix>XXXXXX`; on failure path() is empty and
  /// error() says why.
  explicit scratch_dir(std::string_view prefix);
  ~scratch_dir();

  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  const std::string& path() const {
    return path_;
  }

  const std::string& error() const {
    return error_;
  }

private:
  std::string path_;
  std::string error_;
};

} // namespace tn
