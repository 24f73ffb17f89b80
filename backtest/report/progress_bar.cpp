#include "backtest/report/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tn::backtest {

namespace {

std::string count_text(uint64_t n) {
  char buf[32];
  if (n < 1000)
    std::snprintf(buf, sizeof(buf), "%llu", static_cast<unsigned long long>(n));
  else if (n < 1'000'000)
    std::snprintf(buf, sizeof(buf), "%.1fk", static_cast<double>(n) / 1e3);
  else
    std::snprintf(buf, sizeof(buf), "%.1fM", static_cast<double>(n) / 1e6);
  return buf;
}

std::string clock_text(double seconds) {
  auto s = static_cast<long long>(std::llround(seconds));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof(buf), "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof(buf), "%lld:%02lld", s / 60, s % 60);
  return buf;
}

} // namespace

std::string format_progress(double fraction, uint64_t candles, timespan elapsed, int width) {
  if (!(fraction >= 0)) // NaN too
    fraction = 0;
  fraction = std::min(fraction, 1.0);
  width = std::max(width, 1);
  auto filled = static_cast<int>(fraction * width);
  std::string out = "[" + std::string(static_cast<size_t>(filled), '#')
                    + std::string(static_cast<size_t>(width - filled), ' ') + "] ";
  out += std::to_string(static_cast<int>(fraction * 100)) + "% " + count_text(candles)
         + " candles, ETA ";
  auto secs = std::chrono::duration<double>(elapsed).count();
  out += fraction > 0 ? clock_text(secs * (1 - fraction) / fraction) : "-:--";
  return out;
}

double progress_fraction(uint64_t done, uint64_t total) {
  return total == 0 ? 0.0 : static_cast<double>(done) / static_cast<double>(total);
}

bool progress_wanted(bool stderr_is_tty, const std::string& ci_variable) {
  bool ci = !ci_variable.empty() && ci_variable != "0" && ci_variable != "false";
  return stderr_is_tty && !ci;
}

progress_bar::progress_bar(bool enabled, writer write, timespan min_interval)
  : enabled_(enabled), write_(std::move(write)), min_interval_(min_interval) {
}

void progress_bar::draw(double fraction, uint64_t candles, timespan elapsed) {
  // The cursor goes back to the row's start: a service's line printed
  // before the next draw writes over the bar, not after it.
  write_("\r" + format_progress(fraction, candles, elapsed) + "\x1b[K\r");
  drawn_ = true;
  last_ = elapsed;
  ++draws_;
}

void progress_bar::update(double fraction, uint64_t candles, timespan elapsed) {
  if (due(elapsed))
    draw(fraction, candles, elapsed);
}

void progress_bar::finish(uint64_t candles, timespan elapsed) {
  if (!enabled_ || !drawn_)
    return;
  draw(1.0, candles, elapsed);
  write_("\n");
}

progress_bar stderr_progress_bar(timespan min_interval) {
  const char* ci = std::getenv("CI");
  return progress_bar{progress_wanted(isatty(STDERR_FILENO) == 1, ci ? ci : ""),
                      [](const std::string& text) {
                        std::fwrite(text.data(), 1, text.size(), stderr);
                        std::fflush(stderr);
                      },
                      min_interval};
}

} // namespace tn::backtest
