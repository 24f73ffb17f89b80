#pragma once

// Shared fixtures of the prompt tests: constructed snapshots and text helpers.

#include "messages/snapshot.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace tn::test {

/// 2024-02-25T00:00:00Z.
inline timestamp snapshot_time() {
  return from_unix_ms(1708819200000);
}

/// `n` bars of `span` ending at snapshot_time(), oldest first: bar i opens
/// at `first_open + i * step`, rises by `step` and trades 1000 + i units.
inline candle_set rising_bars(const std::string& symbol, interval span, size_t n,
                              double first_open, double step) {
  candle_set set{span, {}};
  auto len = length_of(span);
  for (size_t i = 0; i < n; ++i) {
    candle c;
    c.symbol = symbol;
    c.span = span;
    c.open_time = snapshot_time() - len * static_cast<timespan::rep>(n - i);
    c.open = first_open + step * static_cast<double>(i);
    c.close = c.open + step;
    c.high = c.close + step / 2;
    c.low = c.open - step / 2;
    c.volume = 1000 + static_cast<double>(i);
    c.closed = true;
    set.bars.push_back(c);
  }
  return set;
}

/// Three symbols, 1h/4h/1d bars, a zscore trigger on the second; no
/// positions, derivatives, regime, learner or memory.
inline market_snapshot bare_snapshot(size_t bars = 24) {
  market_snapshot snap;
  snap.ts = snapshot_time();
  snap.trigger = gate_pass{"ETHUSDT", pass_reason::zscore, "zscore_price 3.2 >= 3", snap.ts};
  struct {
    const char* symbol;
    double open;
    double step;
  } specs[] = {{"BTCUSDT", 51000, 10}, {"ETHUSDT", 2900, 1.2}, {"ALGOUSDT", 0.1801, 0.0001}};
  for (auto& spec : specs) {
    symbol_snapshot s{spec.symbol, 0, {}};
    for (auto span : {interval::h1, interval::h4, interval::d1})
      s.candles.push_back(rising_bars(spec.symbol, span, bars, spec.open, spec.step));
    s.last_price = s.candles.front().bars.back().close;
    snap.symbols.push_back(std::move(s));
  }
  return snap;
}

inline size_t count(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (auto pos = text.find(what); pos != std::string_view::npos; pos = text.find(what, pos + 1))
    ++n;
  return n;
}

} // namespace tn::test
