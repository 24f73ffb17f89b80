#pragma once

// The backtest's progress bar with ETA, redrawn in place on a terminal:
//   [#####     ] 52% 1.2M candles, ETA 0:03
// Not the node's progress line (runtime/progress.*), which samples the
// services' status reports in event time and prints whole lines for logs;
// this one draws on one terminal row and stays silent in CI logs and pipes.
// The caller passes the elapsed time (it reads its own steady clock); the
// bar never reads a clock, so its rate limit is testable.

#include "messages/fwd.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace tn::backtest {

/// The bar's text, `fraction` clamped to [0, 1]; the ETA extrapolates the
/// elapsed time ("ETA -:--" before any progress). Candles as 950, 12.3k,
/// 1.2M.
std::string format_progress(double fraction, uint64_t candles, timespan elapsed,
                            int width = 20);

/// The share of a run done: `done` of `total` steps, 0 when total is 0.
double progress_fraction(uint64_t done, uint64_t total);

/// Whether to draw at all: only on a terminal, and not when the CI
/// variable says a CI runner captures the output (set, and not "", "0" or
/// "false").
bool progress_wanted(bool stderr_is_tty, const std::string& ci_variable);

/// Draws the bar through `write` (text without a line break), at most once
/// per `min_interval` of the elapsed times it is given, each draw
/// overwriting the last ("\r" ... erase to the end of line, "\r": the
/// cursor stays at the row's start, so a line printed between draws
/// overwrites the bar instead of following it).
class progress_bar {
public:
  using writer = std::function<void(const std::string&)>;

  progress_bar(bool enabled, writer write, timespan min_interval = std::chrono::milliseconds{250});

  /// Whether update() at `elapsed` would redraw: enabled, and nothing drawn
  /// yet or min_interval passed since the last draw.
  bool due(timespan elapsed) const {
    return enabled_ && (!drawn_ || elapsed - last_ >= min_interval_);
  }

  /// Redraws if enabled and min_interval passed since the last draw.
  void update(double fraction, uint64_t candles, timespan elapsed);

  /// The same for `done` of `total` candles: the ETA extrapolates the
  /// elapsed time over the candles left.
  void update(uint64_t done, uint64_t total, timespan elapsed) {
    update(progress_fraction(done, total), done, elapsed);
  }

  /// Draws the final state and ends the line, if anything was drawn.
  void finish(uint64_t candles, timespan elapsed);

  bool enabled() const {
    return enabled_;
  }

  uint64_t draws() const {
    return draws_;
  }

private:
  void draw(double fraction, uint64_t candles, timespan elapsed);

  bool enabled_;
  writer write_;
  timespan min_interval_;
  bool drawn_ = false;
  timespan last_{0};
  uint64_t draws_ = 0;
};

/// A bar on stderr, enabled by progress_wanted(isatty(2), $CI), redrawn at
/// most every `min_interval`.
progress_bar stderr_progress_bar(timespan min_interval = std::chrono::milliseconds{200});

} // namespace tn::backtest
