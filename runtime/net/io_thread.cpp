#include "runtime/net/io_thread.hpp"

#include "runtime/net/detail/asio.hpp"

#include <boost/asio/post.hpp>

namespace tn::net {

namespace {

thread_local const io_thread::impl* current_io_thread = nullptr;

} // namespace

io_thread::io_thread(size_t threads) : impl_(std::make_unique<impl>(threads == 0 ? 1 : threads)) {
  for (size_t i = 0; i < (threads == 0 ? 1 : threads); ++i)
    impl_->threads.emplace_back([self = impl_.get()] {
      current_io_thread = self;
      self->ioc.run();
    });
}

io_thread::~io_thread() {
  stop();
}

void io_thread::stop() {
  std::lock_guard<std::mutex> guard{impl_->mutex};
  impl_->guard.reset();
  impl_->ioc.stop();
  // A thread cannot join itself; the destructor (on another thread) joins it.
  for (auto& t : impl_->threads)
    if (t.joinable() && t.get_id() != std::this_thread::get_id())
      t.join();
}

void io_thread::post(std::function<void()> fn) {
  asio::post(impl_->ioc, std::move(fn));
}

void io_thread::after(tn::timespan delay, std::function<void()> fn) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->ioc);
  timer->expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(delay));
  timer->async_wait([timer, fn = std::move(fn)](const beast::error_code& ec) {
    if (!ec)
      fn();
  });
}

bool io_thread::on_io_thread() const {
  return current_io_thread == impl_.get();
}

io_thread::impl& io_thread::internals() {
  return *impl_;
}

} // namespace tn::net
