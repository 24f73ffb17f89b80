#pragma once

// The bridge between calls that finish on a foreign thread (a model backend
// on the I/O thread or a CLI runner) and an actor system driven by one
// thread: a backtest's deterministic scheduler, which nothing else may
// enqueue into. A caller registers a call with begin() before it starts;
// the thread that finishes it posts the delivery with complete() instead of
// sending into the actor; the driver, when its scheduler is idle and
// pending() > 0, waits in run_one() and runs the delivery on its own
// thread, where sending into the system is safe. Header only, no CAF.

#include "messages/fwd.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace tn {

class external_calls {
public:
  /// A call started: pending() counts it until its delivery has run.
  void begin() {
    std::lock_guard<std::mutex> guard{mtx_};
    ++pending_;
  }

  /// From any thread: the call's result, as a closure that delivers it
  /// (e.g. sends it to the actor). Runs later on the driver's thread.
  void complete(std::function<void()> deliver) {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      ready_.push_back(std::move(deliver));
    }
    cv_.notify_one();
  }

  /// Calls begun whose delivery has not run yet (in flight or ready).
  size_t pending() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return pending_;
  }

  /// Deliveries ready to run now.
  size_t ready() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return ready_.size();
  }

  /// On the driver's thread: runs the oldest ready delivery, waiting up to
  /// `wait` for one. False when none arrived in time.
  bool run_one(timespan wait) {
    std::function<void()> next;
    {
      std::unique_lock<std::mutex> guard{mtx_};
      if (!cv_.wait_for(guard, wait, [this] { return !ready_.empty(); }))
        return false;
      next = std::move(ready_.front());
      ready_.pop_front();
    }
    next();
    std::lock_guard<std::mutex> guard{mtx_};
    if (pending_ > 0)
      --pending_;
    return true;
  }

private:
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> ready_;
  size_t pending_ = 0;
};

} // namespace tn
