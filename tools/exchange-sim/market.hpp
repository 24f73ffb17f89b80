#pragma once

// The simulator's market: every symbol's 1m bars, from files or grown on
// demand by the synthetic generator, and the queries REST answers from them.

#include "tools/exchange-sim/interval.hpp"
#include "tools/exchange-sim/kline.hpp"
#include "tools/exchange-sim/synthetic.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace tn::sim {

/// A kline query as /api/v3/klines takes it (times in ms).
struct kline_query {
  std::optional<int64_t> start_time;
  std::optional<int64_t> end_time;
  size_t limit = 500;
};

class market {
public:
  /// A market replaying recorded bars.
  explicit market(std::vector<kline_series> series);

  /// A synthetic market; bars are made as replay reaches them.
  explicit market(synthetic_market generator);

  /// The series of `symbol` (exchange form), or nullptr.
  const kline_series* find(std::string_view symbol) const;

  const std::vector<kline_series>& series() const { return series_; }

  /// True if series `s` has a bar at `index`, making bars if synthetic.
  bool has_bar(size_t s, size_t index);

  /// The earliest open time of any bar (first bar to be made if synthetic).
  int64_t first_open() const;

  /// Moves every bar, present and future, by `offset_ms`.
  void shift(int64_t offset_ms);

  /// Bars of `series` at interval `span` that closed by market time `now`
  /// and match `q`, as Binance selects them: from start_time forwards, else
  /// back from end_time, else the latest.
  std::vector<kline> klines(const kline_series& series, const kline_interval& span,
                            const kline_query& q, int64_t now) const;

private:
  std::vector<kline_series> series_;
  std::optional<synthetic_market> generator_;
};

} // namespace tn::sim
