#pragma once

// Constructed market series for the gate's layer tests.

#include "actors/gate/gate.hpp"

#include <random>
#include <string>
#include <vector>

namespace tn::test {

/// 2024-02-01 00:00 UTC: aligned to every interval up to 1d.
inline timestamp day_start() {
  return from_unix_ms(1706745600000);
}

/// A gate config with only the layer under test live: no timer or candle
/// close inside a test's few hours, no spacing, no cooldown, z-scores off.
inline gate_config quiet_config() {
  using namespace std::chrono_literals;
  gate_config cfg;
  cfg.style = trading_style::daily;
  cfg.min_check = 1min;
  cfg.max_check = 24h;
  cfg.min_spacing = 0s;
  cfg.cooldown = 0s;
  cfg.zscore_price_threshold = 1e9;
  cfg.zscore_volume_threshold = 1e9;
  return cfg;
}

/// Drives one symbol minute by minute: each bar is one tick half-way
/// through it, carrying the bar's close and volume. Records what passes.
class minute_feed {
public:
  minute_feed(gate& g, std::string symbol, timestamp first_bar, uint32_t seed = 7)
    : g_(g), symbol_(std::move(symbol)), next_(first_bar), rng_(seed) {
  }

  /// One bar closing at `price` with `volume`; returns its pass, if any.
  std::optional<gate_pass> bar(double price, double volume) {
    using namespace std::chrono_literals;
    price_ = price;
    auto p = g_.on_tick(tick{symbol_, next_ + 30s, next_, price, volume});
    next_ += 1min;
    if (p)
      passes.push_back(*p);
    return p;
  }

  /// `n` bars of ordinary noise: returns of ~0.1 %, volume 100 +- 10.
  void noise(size_t n) {
    std::normal_distribution<double> ret{0.0, 0.001};
    std::normal_distribution<double> vol{100.0, 10.0};
    for (size_t i = 0; i < n; ++i)
      bar(price_ * std::exp(ret(rng_)), std::max(1.0, vol(rng_)));
  }

  double price() const {
    return price_;
  }

  /// Open time of the next bar.
  timestamp next() const {
    return next_;
  }

  std::vector<gate_pass> passes;

private:
  gate& g_;
  std::string symbol_;
  timestamp next_;
  std::mt19937 rng_;
  double price_ = 100.0;
};

} // namespace tn::test
