#pragma once

// Regime-aware Thompson sampling over the signals behind decisions. Every
// signal has a Beta(alpha, beta) posterior of being right, once over all
// trades ("global") and once per combined regime (crypto regime + "_" +
// macro regime). A closed trade moves the posteriors of each signal its
// entry decision carried, weighted by that signal's confidence: alpha += w
// when the signal was right, beta += w when it was wrong. A signal is
// right when it pointed the trade's way (bullish for a BUY) and the trade
// won (PnL after fees above zero), or pointed against it and the trade
// lost; a neutral signal makes no claim and is not learned. Each trade is
// applied once, by its position id. Weights are draws from the posteriors
// with the learner's own seeded generator. Pure: no actors, no clock.

#include "actors/learner/learner_config.hpp"
#include "messages/learner.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace tn {

/// The scope of the posteriors over all trades.
inline constexpr const char* global_scope = "global";

/// The combined regime key: crypto + "_" + macro, each "unknown" when
/// empty ("low_vol_goldilocks", "unknown_unknown").
std::string regime_key(const std::string& crypto, const std::string& macro);

/// A draw from Beta(alpha, beta) (two gamma draws); both must be > 0.
double sample_beta(std::mt19937_64& rng, double alpha, double beta);

class learner {
public:
  struct stats {
    uint64_t applied = 0;         // trades applied since start (not restored)
    uint64_t duplicates = 0;      // trades refused as applied before
    uint64_t signals_dropped = 0; // signals beyond max_signals, not learned
  };

  learner(learner_config cfg, uint64_t seed);

  /// The trade an exit and its entry decision make in `regime`: signal
  /// names normalised, a name carried twice counted once (its highest
  /// confidence), neutral and zero-confidence signals left out, and new
  /// names beyond max_signals dropped.
  learner_trade trade_of(const position_exit& exit, const learner_entry& entry,
                         const std::string& regime);

  /// Whether the trade of this position was applied.
  bool applied(const std::string& position_id) const;

  /// Applies a trade once: what it added to the posteriors, for the
  /// journal; nullopt when this position was applied before.
  std::optional<learner_update> apply(const learner_trade& t);

  /// Restores what the journal kept: the posteriors as they were, the
  /// applied trades (their ids, and their counts per scope).
  void restore(const std::vector<beta_posterior>& posteriors,
               const std::vector<learner_trade>& trades);

  /// Weights for `regime`: drawn from its posteriors when it has
  /// min_trades, else from the global ones when those have, else the
  /// prior's mean. One weight per known signal (the evaluator's five and
  /// every name learned), sorted by name. Advances the generator.
  learner_weights weights(const std::string& regime);

  /// Every scope (global first) with one draw each from `rng`, which is
  /// not the generator of weights(): looking does not change what the
  /// evaluator gets.
  learner_report report(const std::string& regime, std::mt19937_64& rng) const;

  /// Closed trades with signals applied in `scope`.
  uint64_t trades_in(const std::string& scope) const;

  /// The posterior of `signal` in `scope` (the prior if never updated).
  beta_posterior posterior(const std::string& scope, const std::string& signal) const;

  const stats& counters() const {
    return stats_;
  }

  const learner_config& config() const {
    return cfg_;
  }

private:
  using scope_posteriors = std::map<std::string, beta_posterior>;

  beta_posterior& slot(const std::string& scope, const std::string& signal);
  std::vector<std::string> known_signals() const;
  std::vector<sampled_weight> draw(const std::string& scope, std::mt19937_64& rng) const;
  std::vector<sampled_weight> neutral() const;

  learner_config cfg_;
  std::mt19937_64 rng_;
  std::map<std::string, scope_posteriors> posteriors_;
  std::map<std::string, uint64_t> trades_;
  std::set<std::string> applied_;
  std::set<std::string> names_; // every signal name learned
  stats stats_;
};

} // namespace tn
