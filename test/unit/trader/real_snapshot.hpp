#pragma once

// Market snapshots from the real Binance 1m bars in ../shared/data, built
// the way the trader will build them: the market store's closed bars of each
// decision interval, the newest 1m close as the last price, and a fixed,
// realistic decision context (a position, derivatives, regime, learner,
// memory). Shared by the prompt tests and tools/bench/decision_bench.

#include "actors/market_store/aggregate.hpp"
#include "actors/market_store/candle_series.hpp"
#include "messages/snapshot.hpp"

#include "test/unit/market/test_data.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace tn::test {

/// The intervals a decision looks at.
inline constexpr interval decision_intervals[] = {interval::h1, interval::h4, interval::d1};

/// One symbol's 1m bars and, per decision interval, the closed bars the
/// market store would keep.
struct symbol_history {
  std::string symbol;
  std::vector<candle> minutes;
  std::vector<candle_series> series; // parallel to decision_intervals
};

/// Reads a dump CSV of 1m bars and aggregates every complete bar of the
/// decision intervals.
inline symbol_history load_history(const std::string& csv_path, const std::string& symbol) {
  symbol_history h{symbol, read_dump_csv(csv_path, symbol), {}};
  for (auto span : decision_intervals) {
    candle_series series{h.minutes.size()};
    auto per_bar = static_cast<size_t>(length_of(span) / length_of(interval::m1));
    for (size_t i = 0; i + per_bar <= h.minutes.size(); ++i) {
      auto open = h.minutes[i].open_time;
      if (bar_start(open, span) != open)
        continue;
      std::vector<candle> minutes(h.minutes.begin() + static_cast<ptrdiff_t>(i),
                                  h.minutes.begin() + static_cast<ptrdiff_t>(i + per_bar));
      if (auto bar = aggregate(minutes, span, open))
        series.insert(*bar);
    }
    h.series.push_back(std::move(series));
  }
  return h;
}

/// What a decision at `at` (a minute boundary) sees of `histories`: the
/// `bars` newest bars per interval that closed by `at` and the close of the
/// minute before `at` as the last price. Context fields stay empty.
inline market_snapshot snapshot_at(const std::vector<symbol_history>& histories, timestamp at,
                                   size_t bars) {
  market_snapshot snap;
  snap.ts = at;
  snap.trigger = gate_pass{"", pass_reason::candle_close, "1h bar closed", at};
  for (auto& h : histories) {
    symbol_snapshot s{h.symbol, 0, {}};
    auto last = std::lower_bound(h.minutes.begin(), h.minutes.end(), at,
                                 [](const candle& c, timestamp t) { return c.open_time < t; });
    if (last != h.minutes.begin())
      s.last_price = std::prev(last)->close;
    for (size_t k = 0; k < std::size(decision_intervals); ++k) {
      auto span = length_of(decision_intervals[k]);
      auto newest = bar_start(at, decision_intervals[k]) - span;
      auto oldest = newest - span * static_cast<timespan::rep>(bars - 1);
      s.candles.push_back({decision_intervals[k], h.series[k].range(oldest, newest)});
    }
    snap.symbols.push_back(std::move(s));
  }
  return snap;
}

/// A realistic decision context: one open position in the first symbol,
/// derivatives for every symbol, a regime, five learner weights and a
/// memory note near its 500-character limit.
inline void add_context(market_snapshot& snap) {
  using namespace std::chrono_literals;
  auto& first = snap.symbols.front();
  snap.positions.push_back(
    {first.symbol, 25.4, first.last_price * 0.98, 2.04, snap.ts - 26h - 17min});
  double funding = 0.0001;
  for (auto& s : snap.symbols) {
    derivatives_view d;
    d.symbol = s.symbol;
    d.funding_rate = funding;
    d.next_funding = snap.ts + 3h;
    d.open_interest_change_pct = 1.37;
    d.long_short_ratio = 1.842;
    d.cvd_window = -1520.5;
    snap.derivatives.push_back(d);
    funding -= 0.00006;
  }
  snap.regime = "high_vol";
  snap.regime_probability = 0.91;
  snap.macro_regime = "stagflation";
  snap.learner.regime = "high_vol_stagflation";
  snap.learner.source = "high_vol_stagflation";
  snap.learner.trades = 24;
  snap.learner.weights = {{"momentum", 0.47}, {"regime", 0.66}, {"trend", 0.61},
                          {"volatility", 0.52}, {"volume", 0.41}};
  snap.memory =
    "Long " + first.symbol + " since the 4h breakout; stop under the last 4h low. Others flat: "
    "ranges tightening on falling volume, wait for a 1h close outside the 24h range with volume "
    "above 1.5x the day's mean before entering. Funding turned negative on the last symbol: "
    "shorts crowded, squeeze risk, do not chase a breakdown there. Learner favours trend over "
    "momentum; keep signal names stable. Next: re-check after the 4h close, tighten if the "
    "position gives back half its gain.";
}

} // namespace tn::test
