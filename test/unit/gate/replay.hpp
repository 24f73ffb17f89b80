#pragma once

// Replays real 1m bars through a gate as ticks, the way the listener would
// deliver them, and measures what passes.

#include "actors/gate/gate.hpp"

#include "test/unit/market/test_data.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace tn::test {

/// Four ticks inside a bar: open, the two extremes in the order the close
/// suggests (a rising bar dips first), close; the volume accrues with them.
inline std::array<tick, 4> ticks_of(const candle& c) {
  using namespace std::chrono_literals;
  auto rising = c.close >= c.open;
  double prices[] = {c.open, rising ? c.low : c.high, rising ? c.high : c.low, c.close};
  timespan offsets[] = {1s, 20s, 40s, 59s};
  double shares[] = {0.1, 0.4, 0.7, 1.0};
  std::array<tick, 4> result;
  for (size_t k = 0; k < 4; ++k)
    result[k] = tick{c.symbol, c.open_time + offsets[k], c.open_time, prices[k],
                     c.volume * shares[k]};
  return result;
}

struct replay_result {
  uint64_t ticks = 0;
  std::vector<gate_pass> passes;
  std::map<int64_t, uint32_t> per_day; // UTC day -> passes
  gate_stats stats;

  double pass_rate_pct() const {
    return ticks == 0 ? 0.0 : 100.0 * static_cast<double>(passes.size()) / static_cast<double>(ticks);
  }
  uint32_t max_per_day() const {
    uint32_t m = 0;
    for (auto& [day, n] : per_day)
      m = std::max(m, n);
    return m;
  }
};

/// Feeds `series` (one vector of 1m bars per symbol, same minutes) minute by
/// minute: each bar's four ticks, interleaved across symbols in time order,
/// then the closed bars. With `next_check_seconds`, every pass is answered
/// by a decision asking for the next check in that many seconds.
inline replay_result replay(const gate_config& cfg, const std::vector<std::vector<candle>>& series,
                            std::optional<int64_t> next_check_seconds = std::nullopt) {
  std::vector<std::string> symbols;
  for (auto& s : series)
    symbols.push_back(s.front().symbol);
  auto start = series.front().front().open_time;
  gate g{cfg, start, symbols};
  replay_result r;
  auto first_day = start.time_since_epoch() / std::chrono::hours{24};
  auto last_day = series.front().back().open_time.time_since_epoch() / std::chrono::hours{24};
  for (auto d = first_day; d <= last_day; ++d)
    r.per_day[d] = 0;
  auto record = [&](std::optional<gate_pass> p) {
    if (!p)
      return;
    ++r.per_day[p->ts.time_since_epoch() / std::chrono::hours{24}];
    if (next_check_seconds)
      g.set_next_check(p->ts, *next_check_seconds);
    r.passes.push_back(std::move(*p));
  };
  for (size_t i = 0; i < series.front().size(); ++i) {
    std::vector<std::array<tick, 4>> ticks;
    for (auto& s : series)
      ticks.push_back(ticks_of(s[i]));
    for (size_t k = 0; k < 4; ++k)
      for (auto& t : ticks) {
        ++r.ticks;
        record(g.on_tick(t[k]));
      }
    for (auto& s : series)
      record(g.on_closed(s[i]));
  }
  r.stats = g.stats();
  return r;
}

} // namespace tn::test
