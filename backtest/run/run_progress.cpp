#include "backtest/run/run_progress.hpp"

#include "runtime/line_sink.hpp"

namespace tn::backtest {

run_progress::run_progress(uint64_t total)
  : bar_(stderr_progress_bar()), total_(total), start_(std::chrono::steady_clock::now()),
    enabled_(bar_.enabled()) {
}

timespan run_progress::elapsed() const {
  return std::chrono::duration_cast<timespan>(std::chrono::steady_clock::now() - start_);
}

void run_progress::step(uint64_t done) {
  // Off the terminal not even the clock is read.
  if (!enabled_)
    return;
  auto now = elapsed();
  if (!bar_.due(now))
    return;
  // The services' lines so far first: the bar comes below them.
  drain_line_sinks();
  bar_.update(done, total_, now);
}

void run_progress::finish(uint64_t done) {
  if (!enabled_)
    return;
  drain_line_sinks();
  bar_.finish(done, elapsed());
}

} // namespace tn::backtest
