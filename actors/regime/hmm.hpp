#pragma once

// A two-state Gaussian hidden Markov model on a series of observations
// (daily log returns): the forward log-likelihood, the filtered state
// probabilities and one Baum-Welch (EM) run, all in log space with
// log-sum-exp, so a long series neither underflows nor needs rescaling.
// Pure: no I/O, no clock, no randomness (starts come from hmm_fit.hpp).

#include <array>
#include <cstdint>
#include <vector>

namespace tn {

/// Two states; index 0 and 1 carry no meaning until order_by_variance.
struct hmm_params {
  std::array<double, 2> initial{0.5, 0.5};              // P(state at t = 0)
  std::array<std::array<double, 2>, 2> transition{{{0.9, 0.1}, {0.1, 0.9}}}; // [from][to]
  std::array<double, 2> mean{0, 0};
  std::array<double, 2> variance{1, 1};
};

/// When Baum-Welch stops.
struct em_limits {
  /// At most this many EM iterations.
  uint32_t max_iterations = 500;
  /// Converged once an iteration raises the log-likelihood by less than this.
  double tolerance = 1e-6;
  /// Variances are kept at or above this (a state collapsing on one
  /// observation would otherwise drive the likelihood to infinity).
  double min_variance = 1e-10;
};

/// One Baum-Welch run from a start.
struct em_result {
  hmm_params params;
  /// log P(observations | params) of `params`.
  double loglik = 0;
  /// EM updates made.
  uint32_t iterations = 0;
  /// Whether it stopped on the tolerance rather than max_iterations.
  bool converged = false;
};

/// log(exp(a) + exp(b)) without overflow or underflow; -inf + -inf is -inf.
double log_sum_exp(double a, double b);

/// The Gaussian log density of `x` under `mean` and `variance`.
double log_normal(double x, double mean, double variance);

/// log P(x | p) by the forward algorithm in log space; 0 for an empty series.
double hmm_loglik(const hmm_params& p, const std::vector<double>& x);

/// P(state at the last observation | every observation), the forward
/// (filtered) probability; `initial` for an empty series.
std::array<double, 2> hmm_filtered(const hmm_params& p, const std::vector<double>& x);

/// The filtered probability after each observation: out[t] = P(state at t |
/// x[0..t]).
std::vector<std::array<double, 2>> hmm_filtered_path(const hmm_params& p,
                                                     const std::vector<double>& x);

/// Baum-Welch from `start` until the log-likelihood gains less than
/// limits.tolerance or limits.max_iterations updates were made. The result
/// holds the last parameters and their log-likelihood. Needs x.size() >= 2.
em_result baum_welch(const std::vector<double>& x, const hmm_params& start,
                     const em_limits& limits);

/// `p` with its states swapped where needed so that state 0 has the lower
/// variance (low_vol) and state 1 the higher (high_vol). The model is the
/// same; only the labels move.
hmm_params order_by_variance(const hmm_params& p);

/// `p` with states 0 and 1 exchanged.
hmm_params swap_states(const hmm_params& p);

} // namespace tn
