#pragma once

// Fitting the two-state model to a series: Baum-Welch from several seeded
// starts, keeping the best log-likelihood, states ordered by variance
// (state 0 low_vol, state 1 high_vol) so the labels do not depend on which
// start won or how its states happened to be numbered. Pure and
// deterministic: the same series and options give the same fit.

#include "actors/regime/hmm.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tn {

struct hmm_options {
  /// Baum-Welch runs: one from a start derived from the data, the others
  /// from random starts drawn with `seed`.
  uint32_t restarts = 5;
  uint64_t seed = 1;
  em_limits limits;

  /// "" if usable, else the first problem.
  [[nodiscard]] std::string validate() const;
};

/// The labels of states 0 and 1 after ordering.
inline constexpr const char* regime_labels[2] = {"low_vol", "high_vol"};

struct hmm_fit {
  /// Ordered: state 0 low_vol, state 1 high_vol.
  hmm_params params;
  double loglik = 0;
  /// EM updates of the winning start.
  uint32_t iterations = 0;
  bool converged = false;
  /// Observations fitted.
  uint32_t observations = 0;
  /// P(state at the last observation | all of them): {low_vol, high_vol}.
  std::array<double, 2> filtered_last{0.5, 0.5};

  /// "low_vol" or "high_vol": the state more probable at the last observation.
  const char* regime() const {
    return filtered_last[1] > filtered_last[0] ? regime_labels[1] : regime_labels[0];
  }
};

/// The fewest observations fit_hmm accepts.
inline constexpr size_t min_hmm_observations = 10;

/// The deterministic start: both means at the sample mean, variances at half
/// and twice the sample variance, sticky transitions.
hmm_params data_start(const std::vector<double>& x);

/// Start number `k` (1-based) of the random ones, drawn from `seed`.
hmm_params random_start(const std::vector<double>& x, uint64_t seed, uint32_t k);

/// Fits `x` (at least min_hmm_observations values). The best of
/// options.restarts Baum-Welch runs, ordered by variance.
hmm_fit fit_hmm(const std::vector<double>& x, const hmm_options& options);

/// A fit from the single start `start` (tests, research): Baum-Welch, then
/// ordered by variance.
hmm_fit fit_hmm_from(const std::vector<double>& x, const hmm_params& start,
                     const em_limits& limits);

} // namespace tn
