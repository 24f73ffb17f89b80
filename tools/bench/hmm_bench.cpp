// HMM benchmark: the regime detector's full fit (Baum-Welch from 5 seeded
// starts, the node's default options) for 365 and 3650 daily returns, the
// median of `runs` runs each. The series are drawn from a BTC-like two-state
// model (seeded, test/unit/regime/simulate.hpp); the real BTCUSDT year from
// ../shared/data is fitted too when present. Also reports the forward pass
// alone and the time per EM iteration.
//
// usage: hmm_bench [runs=7]

#include "actors/regime/hmm_fit.hpp"
#include "actors/regime/kline_file.hpp"

#include "test/unit/regime/simulate.hpp"
#include "tools/bench/median.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

using namespace tn;
using clock_type = std::chrono::steady_clock;

namespace {

double ms_since(clock_type::time_point start) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

void bench_fit(const std::string& name, const std::vector<double>& x, int runs) {
  hmm_options options;
  std::vector<double> fit_ms;
  hmm_fit fit;
  for (int r = 0; r < runs; ++r) {
    auto start = clock_type::now();
    fit = fit_hmm(x, options);
    fit_ms.push_back(ms_since(start));
  }
  // Every start's EM iterations, for the time per iteration.
  uint64_t all_iterations = 0;
  all_iterations += baum_welch(x, data_start(x), options.limits).iterations;
  for (uint32_t k = 1; k < options.restarts; ++k)
    all_iterations += baum_welch(x, random_start(x, options.seed, k), options.limits).iterations;
  std::vector<double> forward_us;
  for (int r = 0; r < runs; ++r) {
    auto start = clock_type::now();
    volatile double ll = hmm_loglik(fit.params, x);
    (void) ll;
    forward_us.push_back(ms_since(start) * 1e3);
  }
  auto med = bench::median(fit_ms);
  fmt::print("{:<34} n={:<5} fit median {:8.2f} ms (min {:.2f}, max {:.2f}) over {} runs; "
             "{} EM iterations over {} starts ({:.1f} us each); forward pass {:.1f} us; "
             "winner {} iterations, {}\n",
             name, x.size(), med, *std::min_element(fit_ms.begin(), fit_ms.end()),
             *std::max_element(fit_ms.begin(), fit_ms.end()), runs, all_iterations,
             options.restarts, med * 1e3 / static_cast<double>(all_iterations),
             bench::median(forward_us), fit.iterations, fit.regime());
}

} // namespace

int main(int argc, char** argv) {
  auto runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  fmt::print("fit_hmm, default options (5 starts, tolerance 1e-6, at most 500 iterations)\n");
  for (size_t n : {size_t{365}, size_t{3650}})
    bench_fit("simulated BTC-like (seed 2026)", test::simulate_hmm(test::btc_like(), n, 2026),
              runs);
  daily_file f;
  std::string error;
  auto path = std::string{TN_SHARED_DATA}
              + "/spot/klines_1d/BTCUSDT-1d-2021-12-07_2024-09-01.api-v3-klines.json";
  if (read_daily_klines(path, f, error))
    bench_fit("real BTCUSDT to 2024-08-31", newest_log_returns(f.closes, 365), runs);
  else
    fmt::print("(no real data: {})\n", error);
}
