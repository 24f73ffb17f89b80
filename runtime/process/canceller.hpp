#pragma once

// Stops running processes from another thread: a backend going away cancels
// its calls in flight, so a detached runner does not hold up the actor
// system's shutdown for a whole timeout.

#include <atomic>

namespace tn {

class process_canceller {
public:
  process_canceller();
  ~process_canceller();
  process_canceller(const process_canceller&) = delete;
  process_canceller& operator=(const process_canceller&) = delete;

  /// Ends every run_process using this canceller, now and later. Sticky;
  /// safe from any thread.
  void cancel();

  bool cancelled() const {
    return cancelled_.load();
  }

  /// Readable once cancelled, for poll(); -1 if no eventfd could be made
  /// (runs then notice the cancellation only when they wake for another reason).
  int fd() const {
    return fd_;
  }

private:
  std::atomic<bool> cancelled_{false};
  int fd_;
};

} // namespace tn
