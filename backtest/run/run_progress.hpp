#pragma once

// The terminal's progress bar for one backtest run (backtest/report/
// progress_bar.hpp): drawn on stderr only when it is a terminal and CI is
// not set. The elapsed time is the driver's wall time, read here and used
// for drawing only: it never reaches the node or the record.

#include "backtest/report/progress_bar.hpp"

#include <chrono>
#include <cstdint>

namespace tn::backtest {

class run_progress {
public:
  /// A run of `total` replayed bars, started now.
  explicit run_progress(uint64_t total);

  /// `done` bars replayed: redraws, at most every 200 ms of wall time.
  void step(uint64_t done);

  /// The run ended after `done` bars: the last state, then a line break.
  void finish(uint64_t done);

private:
  timespan elapsed() const;

  progress_bar bar_;
  uint64_t total_;
  std::chrono::steady_clock::time_point start_;
  bool enabled_;
};

} // namespace tn::backtest
