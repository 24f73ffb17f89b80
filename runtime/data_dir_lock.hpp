#pragma once

// One node per data directory. Two nodes on one node.data_dir would both
// write its journal ("database is locked") and its heartbeat file (a pid
// that flips between them); the second one must refuse to start before it
// writes anything.

#include <optional>
#include <string>

namespace tn {

/// An exclusive lock (flock) on data_dir/tradenode.lock, held until the
/// object is destroyed or the process ends, however it ends: the kernel
/// drops the lock with the last descriptor, so a crash leaves no stale lock.
class data_dir_lock {
public:
  /// Locks `dir`, which must exist. When another process holds the lock,
  /// or the file cannot be opened, returns nothing and says why in `error`
  /// (with the holder's pid when it wrote one).
  static std::optional<data_dir_lock> acquire(const std::string& dir, std::string& error);

  data_dir_lock(data_dir_lock&& other) noexcept;
  data_dir_lock& operator=(data_dir_lock&& other) noexcept;
  data_dir_lock(const data_dir_lock&) = delete;
  data_dir_lock& operator=(const data_dir_lock&) = delete;
  ~data_dir_lock();

private:
  explicit data_dir_lock(int fd);
  int fd_ = -1;
};

/// The lock file inside `dir`.
std::string data_dir_lock_path(const std::string& dir);

} // namespace tn
