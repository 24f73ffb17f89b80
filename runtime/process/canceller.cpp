#include "runtime/process/canceller.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace tn {

process_canceller::process_canceller() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
}

process_canceller::~process_canceller() {
  if (fd_ >= 0)
    ::close(fd_);
}

void process_canceller::cancel() {
  cancelled_.store(true);
  // Never read back: the counter stays non-zero and the fd readable.
  // A write can only fail when the counter would overflow: then the fd is
  // readable already.
  uint64_t one = 1;
  if (fd_ >= 0)
    [[maybe_unused]] auto written = ::write(fd_, &one, sizeof one);
}

} // namespace tn
