#include "runtime/data_dir_lock.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace tn {

namespace {

/// The pid the holder wrote, or "" when it wrote none yet.
std::string holder_of(int fd) {
  char buf[32] = {};
  auto n = ::pread(fd, buf, sizeof(buf) - 1, 0);
  std::string pid{buf, n > 0 ? static_cast<size_t>(n) : 0};
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
    pid.pop_back();
  return pid;
}

} // namespace

std::string data_dir_lock_path(const std::string& dir) {
  return (std::filesystem::path{dir} / "tradenode.lock").string();
}

std::optional<data_dir_lock> data_dir_lock::acquire(const std::string& dir, std::string& error) {
  auto path = data_dir_lock_path(dir);
  // CLOEXEC: a child process (the claude CLI) must not inherit the lock
  // and keep it after the node is gone.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot open the lock file " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    auto saved = errno;
    auto pid = holder_of(fd);
    ::close(fd);
    if (saved == EWOULDBLOCK) {
      error = "node.data_dir " + dir + " is in use by another tradenode"
              + (pid.empty() ? std::string{} : " (pid " + pid + ")")
              + "; refusing to start a second node on it (one data_dir per node)";
    } else {
      error = "cannot lock " + path + ": " + std::strerror(saved);
    }
    return std::nullopt;
  }
  // Only for the message a second node prints: the flock is the lock, and
  // without the pid a second node just names none.
  auto pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    auto written = ::pwrite(fd, pid.data(), pid.size(), 0);
    static_cast<void>(written);
  }
  return data_dir_lock{fd};
}

data_dir_lock::data_dir_lock(int fd) : fd_(fd) {
}

data_dir_lock::data_dir_lock(data_dir_lock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {
}

data_dir_lock& data_dir_lock::operator=(data_dir_lock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

data_dir_lock::~data_dir_lock() {
  if (fd_ >= 0)
    ::close(fd_);
}

} // namespace tn
