#pragma once

// The learner's settings (the `learner:` section of the config).

#include <cstdint>
#include <string>

namespace tn {

struct learner_config {
  /// A scope (a regime, or all trades) has enough data once this many
  /// closed trades with signals were applied in it: its weights are drawn
  /// from its posteriors; before, the global ones, else neutral weights.
  uint32_t min_trades = 20;
  /// The prior every posterior starts from: Beta(prior_alpha, prior_beta).
  double prior_alpha = 1;
  double prior_beta = 1;
  /// Distinct signal names learned at most; a trade's signals beyond are
  /// not learned (the model may invent names without end).
  uint32_t max_signals = 32;
  /// Seed of the sampling; 0: drawn from the system's entropy at start.
  uint32_t seed = 0;

  /// "" if usable, else the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

} // namespace tn
