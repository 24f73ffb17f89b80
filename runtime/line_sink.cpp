#include "runtime/line_sink.hpp"

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include <pthread.h>

namespace tn {

namespace {

/// Lines beyond this backlog are dropped: an unread stream must not grow
/// the node's memory without bound.
constexpr size_t max_backlog = 10000;

/// One writer thread per stream.
class line_writer {
public:
  explicit line_writer(std::FILE* f) : file_(f), thread_([this] { run(); }) {
  }

  /// Writes what is queued, then ends the thread (at process exit).
  ~line_writer() {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  line_writer(const line_writer&) = delete;
  line_writer& operator=(const line_writer&) = delete;

  void push(const std::string& line) {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (queue_.size() >= max_backlog) {
        ++dropped_;
        return;
      }
      queue_.push_back(line + "\n");
    }
    wake_.notify_all();
  }

  void drain() {
    std::unique_lock<std::mutex> lock{mtx_};
    idle_.wait(lock, [this] { return queue_.empty() && !writing_; });
  }

private:
  void run() {
    // The node takes SIGINT and SIGTERM with sigwait on a thread of its
    // own; this one must never receive them.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    std::unique_lock<std::mutex> lock{mtx_};
    for (;;) {
      wake_.wait(lock, [this] { return done_ || !queue_.empty() || dropped_ > 0; });
      if (queue_.empty() && dropped_ == 0)
        return; // done_ and nothing left
      std::deque<std::string> batch;
      batch.swap(queue_);
      if (dropped_ > 0)
        batch.push_back("[" + std::to_string(dropped_)
                        + " lines dropped: the stream was not read fast enough]\n");
      dropped_ = 0;
      writing_ = true;
      lock.unlock();
      // One fwrite per line: lines never interleave mid-line with direct
      // writes to the same stream.
      for (auto& text : batch)
        std::fwrite(text.data(), 1, text.size(), file_);
      std::fflush(file_);
      lock.lock();
      writing_ = false;
      idle_.notify_all();
    }
  }

  std::FILE* file_;
  std::mutex mtx_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::string> queue_;
  size_t dropped_ = 0;
  bool writing_ = false;
  bool done_ = false;
  std::thread thread_; // last: starts once the members above exist
};

line_writer& stderr_writer() {
  static line_writer writer{stderr};
  return writer;
}

line_writer& stdout_writer() {
  static line_writer writer{stdout};
  return writer;
}

} // namespace

line_sink stderr_sink() {
  auto* writer = &stderr_writer();
  return [writer](const std::string& line) { writer->push(line); };
}

line_sink stdout_sink() {
  auto* writer = &stdout_writer();
  return [writer](const std::string& line) { writer->push(line); };
}

void drain_line_sinks() {
  stderr_writer().drain();
  stdout_writer().drain();
}

} // namespace tn
