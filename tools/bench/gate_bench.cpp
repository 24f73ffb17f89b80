// Gate benchmark: ns per tick of gate::on_tick with the default config, on
// the real February 2024 futures month (AVAX, NEAR, FIL, ALGO; 41,760 1m
// bars each, four ticks per bar: the ticks the gate's real-data test
// replays). Every layer runs on every tick; the z-scores close a bar per
// symbol per minute. Median of `runs` runs, each on a fresh gate.
//
// usage: gate_bench [runs=5]

#include "actors/gate/gate.hpp"

#include "test/unit/gate/replay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

using namespace tn;
using clock_type = std::chrono::steady_clock;

int main(int argc, char** argv) {
  auto runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::vector<std::string> symbols{"AVAXUSDT", "NEARUSDT", "FILUSDT", "ALGOUSDT"};
  std::vector<std::vector<candle>> series;
  for (auto& s : symbols)
    series.push_back(test::read_dump_csv(
      test::shared_data("futures_um/klines_1m/" + s + "-1m-2024-02.csv"), s));
  std::vector<tick> ticks;
  for (size_t i = 0; i < series.front().size(); ++i) {
    std::vector<std::array<tick, 4>> bar;
    for (auto& s : series)
      bar.push_back(test::ticks_of(s[i]));
    for (size_t k = 0; k < 4; ++k)
      for (auto& t : bar)
        ticks.push_back(t[k]);
  }
  if (ticks.empty()) {
    fmt::print(stderr, "no data under {}\n", TN_SHARED_DATA);
    return 1;
  }
  gate_config cfg;
  std::vector<double> ns_per_tick;
  size_t passes = 0;
  for (int r = 0; r < runs; ++r) {
    gate g{cfg, ticks.front().bar_open, symbols};
    passes = 0;
    auto start = clock_type::now();
    for (auto& t : ticks)
      passes += g.on_tick(t).has_value();
    std::chrono::duration<double, std::nano> elapsed = clock_type::now() - start;
    ns_per_tick.push_back(elapsed.count() / static_cast<double>(ticks.size()));
  }
  std::sort(ns_per_tick.begin(), ns_per_tick.end());
  fmt::print("gate::on_tick, default config, {} ticks of 4 futures symbols (2024-02), {} passes\n",
             ticks.size(), passes);
  fmt::print("  median {:.1f} ns/tick over {} runs (min {:.1f}, max {:.1f}) = {:.1f} M ticks/s\n",
             ns_per_tick[ns_per_tick.size() / 2], runs, ns_per_tick.front(), ns_per_tick.back(),
             1e3 / ns_per_tick[ns_per_tick.size() / 2]);
}
