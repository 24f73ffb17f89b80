// Learner benchmark: the cost of one closed trade's update (the trade
// built from an exit and its entry decision's five signals, names
// normalised, then applied to the global and regime posteriors) and of
// one draw of the weights (a Beta sample per known signal), each with the
// five evaluator signals and with 32 learned signals. Trades rotate over
// four regimes; half win. Median of `runs` runs, each on a fresh learner.
//
// usage: learner_bench [runs=7] [trades=100000]

#include "actors/learner/learner.hpp"
#include "tools/bench/median.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

using namespace tn;
using clock_type = std::chrono::steady_clock;

namespace {

const std::vector<std::string> regimes{"low_vol_unknown", "high_vol_unknown",
                                       "low_vol_goldilocks", "high_vol_stagflation"};

/// The entry decisions: the model's names for the five signals, or `extra`
/// further names of its own on top.
std::vector<learner_entry> entries(size_t extra) {
  std::vector<learner_entry> out;
  for (size_t k = 0; k < 8; ++k) {
    learner_entry e{true, trade_action::buy, {}};
    for (auto* name : {"EMA 20/50 cross", "RSI(14)", "ATR expansion", "Volume spike",
                       "Funding rate"})
      e.signals.push_back({name, k % 3 ? signal_direction::bullish : signal_direction::bearish,
                           0.1 + 0.1 * static_cast<double>(k)});
    for (size_t i = 0; i < extra; ++i)
      e.signals.push_back({"custom signal " + std::to_string(i), signal_direction::bullish, 0.5});
    out.push_back(std::move(e));
  }
  return out;
}

position_exit exit_of(size_t i) {
  position_exit x;
  x.position_id = "BTCUSDT-" + std::to_string(i);
  x.symbol = "BTCUSDT";
  x.entry_decision_id = i;
  x.pnl = decimal::from_units(i % 2 ? 125'000'000 : -98'000'000);
  x.closed = timestamp{std::chrono::minutes{i}};
  return x;
}

struct figures {
  double update_ns;
  double sample_ns;
  size_t signals;
};

figures run_once(size_t trades, size_t extra) {
  learner_config cfg;
  cfg.min_trades = 1;
  cfg.max_signals = 64;
  learner l{cfg, 1};
  auto es = entries(extra);
  std::vector<position_exit> exits;
  for (size_t i = 0; i < trades; ++i)
    exits.push_back(exit_of(i));
  auto start = clock_type::now();
  for (size_t i = 0; i < trades; ++i) {
    auto& regime = regimes[i % regimes.size()];
    auto up = l.apply(l.trade_of(exits[i], es[i % es.size()], regime));
    if (!up)
      std::abort();
  }
  std::chrono::duration<double, std::nano> update = clock_type::now() - start;
  const size_t draws = 20000;
  double sink = 0;
  size_t signals = 0;
  start = clock_type::now();
  for (size_t i = 0; i < draws; ++i) {
    auto w = l.weights(regimes[i % regimes.size()]);
    signals = w.weights.size();
    sink += w.weights.front().weight;
  }
  std::chrono::duration<double, std::nano> sample = clock_type::now() - start;
  if (sink < 0)
    std::abort();
  return {update.count() / static_cast<double>(trades), sample.count() / draws, signals};
}

} // namespace

int main(int argc, char** argv) {
  auto runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  auto trades = argc > 2 ? static_cast<size_t>(std::max(1, std::atoi(argv[2]))) : 100000;
  for (size_t extra : {size_t{0}, size_t{27}}) {
    std::vector<double> update;
    std::vector<double> sample;
    size_t signals = 0;
    for (int r = 0; r < runs; ++r) {
      auto f = run_once(trades, extra);
      update.push_back(f.update_ns);
      sample.push_back(f.sample_ns);
      signals = f.signals;
    }
    fmt::print("learner, {} signals per trade, {} trades over {} regimes, median of {} runs\n",
               5 + extra, trades, regimes.size(), runs);
    fmt::print("  update (trade_of + apply): {:.2f} us/trade (min {:.2f}, max {:.2f})\n",
               bench::median(update) / 1e3, *std::min_element(update.begin(), update.end()) / 1e3,
               *std::max_element(update.begin(), update.end()) / 1e3);
    fmt::print("  sample (weights, {} signals): {:.2f} us/draw (min {:.2f}, max {:.2f})\n", signals,
               bench::median(sample) / 1e3, *std::min_element(sample.begin(), sample.end()) / 1e3,
               *std::max_element(sample.begin(), sample.end()) / 1e3);
  }
}
