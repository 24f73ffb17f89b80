#pragma once

// The replay schedule: per 1m bar, several in-progress updates (x=false)
// walking from the open through the extremes to the close, then the closed
// bar (x=true); every update stamped with its event time in market time.

#include "tools/exchange-sim/interval.hpp"
#include "tools/exchange-sim/market.hpp"

#include <optional>
#include <queue>
#include <vector>

namespace tn::sim {

/// `final` as it stood after `step` of `steps` equal parts of its minute:
/// the price walked open -> low -> high -> close (open -> high -> low ->
/// close for a falling bar) on the `tick` grid, volumes and trades grew in
/// proportion (volumes on the `lot` grid). step == steps gives `final`.
kline partial_bar(const kline& final, int step, int steps, units tick, units lot);

/// The bar of interval `span` containing 1m bar `index` of `series`, with
/// that bar replaced by `partial` (the bucket's earlier 1m bars folded in).
kline interval_bar(const kline_series& series, size_t index, const kline& partial,
                   const kline_interval& span);

/// True if 1m bar `bar` is the last of its `span` bucket.
bool ends_bucket(const kline& bar, const kline_interval& span);

/// One update to push: bar `bar` of series `series` after `step` of `steps`.
struct kline_update {
  size_t series = 0;
  size_t bar = 0;
  int step = 0;
  int steps = 0;
  int64_t event_time = 0; // E, market time (ms)

  bool closed() const { return step == steps; }
};

/// Market time as a function of wall time (microseconds): market time runs
/// `speed` times as fast, from `market_start` at `wall_start`.
struct market_clock {
  int64_t market_start = 0; // ms
  int64_t wall_start = 0;   // us
  double speed = 1;

  int64_t market_at(int64_t wall_us) const;

  /// The earliest wall time at which market time reaches `market_ms`.
  int64_t wall_at(int64_t market_ms) const;
};

class replay {
public:
  /// Replays the bars opening at or after `start` (market time, ms);
  /// earlier bars count as history, already closed. `updates_per_bar` >= 1
  /// counts the closing update.
  replay(market& m, int updates_per_bar, int64_t start);

  /// The event time of the next update; nullopt once the data is exhausted.
  std::optional<int64_t> next_time() const;

  /// Every update due by market time `now`, in event time order (ties by
  /// series order).
  std::vector<kline_update> take_due(int64_t now);

private:
  struct cursor {
    int64_t time;
    size_t series;
    size_t bar;
    int step;
    bool operator>(const cursor& other) const {
      return time != other.time ? time > other.time : series > other.series;
    }
  };

  int64_t time_of(size_t series, size_t bar, int step) const;

  market& market_;
  int steps_;
  std::priority_queue<cursor, std::vector<cursor>, std::greater<cursor>> queue_;
};

} // namespace tn::sim
