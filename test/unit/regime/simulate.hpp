#pragma once

// Series drawn from a two-state Gaussian HMM with known parameters, and the
// textbook scaled forward algorithm (probabilities, not logs) as the
// reference the log-space code is checked against.

#include "actors/regime/hmm.hpp"

#include <cmath>
#include <random>
#include <vector>

namespace tn::test {

/// `n` observations of `p`, the hidden states in `states` when given.
inline std::vector<double> simulate_hmm(const hmm_params& p, size_t n, uint64_t seed,
                                        std::vector<int>* states = nullptr) {
  std::mt19937_64 rng{seed};
  std::uniform_real_distribution<double> u{0.0, 1.0};
  std::normal_distribution<double> z{0.0, 1.0};
  std::vector<double> x;
  int s = u(rng) < p.initial[0] ? 0 : 1;
  for (size_t t = 0; t < n; ++t) {
    if (t > 0)
      s = u(rng) < p.transition[s][0] ? 0 : 1;
    if (states)
      states->push_back(s);
    x.push_back(p.mean[s] + std::sqrt(p.variance[s]) * z(rng));
  }
  return x;
}

inline double normal_density(double x, double mean, double variance) {
  const double pi = 3.14159265358979323846;
  return std::exp(-(x - mean) * (x - mean) / (2 * variance)) / std::sqrt(2 * pi * variance);
}

/// The scaled forward algorithm: alpha normalised at every step, the
/// log-likelihood the sum of the logs of the scale factors.
inline double reference_loglik(const hmm_params& p, const std::vector<double>& x,
                               std::array<double, 2>* filtered = nullptr) {
  double loglik = 0;
  double a[2] = {0, 0};
  for (size_t t = 0; t < x.size(); ++t) {
    double next[2];
    for (int j = 0; j < 2; ++j) {
      double prior = t == 0 ? p.initial[j] : a[0] * p.transition[0][j] + a[1] * p.transition[1][j];
      next[j] = prior * normal_density(x[t], p.mean[j], p.variance[j]);
    }
    double scale = next[0] + next[1];
    loglik += std::log(scale);
    a[0] = next[0] / scale;
    a[1] = next[1] / scale;
  }
  if (filtered)
    *filtered = {a[0], a[1]};
  return loglik;
}

/// Parameters like BTC's daily returns: a calm state (sd 1.5%) and a
/// turbulent one (sd 4.5%), each persistent.
inline hmm_params btc_like() {
  hmm_params p;
  p.initial = {0.6, 0.4};
  p.transition = {{{0.97, 0.03}, {0.08, 0.92}}};
  p.mean = {0.001, -0.002};
  p.variance = {0.015 * 0.015, 0.045 * 0.045};
  return p;
}

} // namespace tn::test
