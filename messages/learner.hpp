#pragma once

// The learner's data: Beta posteriors per signal (global and per regime),
// the closed trades it learned from, the weights it samples, and what the
// journal keeps of it. DESIGN.md "learner"; actors/learner/learner.hpp.

#include "messages/decision.hpp"
#include "messages/fwd.hpp"
#include "messages/money.hpp"
#include "messages/order.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tn {

/// Beta(alpha, beta) belief that a signal is right, in one scope: "global"
/// or a combined regime key ("low_vol_goldilocks", "unknown_unknown").
/// `updates` counts the trades that moved it.
struct beta_posterior {
  std::string scope;
  std::string signal;
  double alpha = 1;
  double beta = 1;
  uint64_t updates = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, beta_posterior& x) {
  return f(caf::meta::type_name("beta_posterior"), x.scope, x.signal, x.alpha, x.beta,
           x.updates);
}

/// The entry decision of a closed trade as the journal found it: the
/// action and the signals of the trade's symbol. `found` is false when the
/// decision (or its symbol) is not in the journal.
struct learner_entry {
  bool found = false;
  trade_action action = trade_action::hold;
  std::vector<trade_signal> signals;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learner_entry& x) {
  return f(caf::meta::type_name("learner_entry"), x.found, x.action, x.signals);
}

/// A closed trade as the learner applied it: the regime it counted in,
/// whether it won (PnL after fees above zero), and its signals with
/// normalised names, each credited as right or wrong (`right` follows the
/// signal's direction against the trade's side and the outcome).
struct learned_signal {
  std::string name;
  double weight = 0; // the signal's confidence, 0..1
  bool right = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learned_signal& x) {
  return f(caf::meta::type_name("learned_signal"), x.name, x.weight, x.right);
}

struct learner_trade {
  std::string position_id;
  std::string symbol;
  uint64_t entry_decision_id = 0;
  std::string regime;
  decimal pnl;
  bool won = false;
  timestamp closed;
  std::vector<learned_signal> signals;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learner_trade& x) {
  return f(caf::meta::type_name("learner_trade"), x.position_id, x.symbol, x.entry_decision_id,
           x.regime, x.pnl, x.won, x.closed, x.signals);
}

/// One applied trade and what it added to the posteriors: in `changes`,
/// alpha, beta and updates are increments; a posterior not kept yet starts
/// from Beta(prior_alpha, prior_beta). The journal keeps the trade and adds
/// the changes in one transaction, or does neither, so its posteriors are
/// always the prior plus the trades it kept, whatever order writes arrive in.
struct learner_update {
  learner_trade trade;
  std::vector<beta_posterior> changes;
  double prior_alpha = 1;
  double prior_beta = 1;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learner_update& x) {
  return f(caf::meta::type_name("learner_update"), x.trade, x.changes, x.prior_alpha,
           x.prior_beta);
}

/// A closed position the journal kept whose trade the learner has not
/// applied yet, with its entry decision.
struct learner_pending {
  position_exit exit;
  learner_entry entry;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learner_pending& x) {
  return f(caf::meta::type_name("learner_pending"), x.exit, x.entry);
}

/// What the learner restores at start: its posteriors, the trades it
/// applied (oldest first), and the closed positions not applied yet
/// (oldest first).
struct learner_journal {
  std::vector<beta_posterior> posteriors;
  std::vector<learner_trade> trades;
  std::vector<learner_pending> pending;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learner_journal& x) {
  return f(caf::meta::type_name("learner_journal"), x.posteriors, x.trades, x.pending);
}

/// A signal's weight: a draw from its posterior, or 0.5 (the uninformed
/// prior's mean) when the scope lacks data.
struct sampled_weight {
  std::string signal;
  double weight = 0.5;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sampled_weight& x) {
  return f(caf::meta::type_name("sampled_weight"), x.signal, x.weight);
}

/// The weights for the evaluator and the prompt: drawn from the current
/// regime's posteriors when that regime has enough trades, else from the
/// global ones when those have, else neutral. `source` names which:
/// the regime key, "global" or "neutral".
struct learner_weights {
  std::string regime;
  std::string source;
  uint64_t trades = 0; // trades in the scope drawn from
  std::vector<sampled_weight> weights;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learner_weights& x) {
  return f(caf::meta::type_name("learner_weights"), x.regime, x.source, x.trades, x.weights);
}

/// One scope for the console: its trades, whether they are enough, its
/// posteriors and one draw of its weights.
struct learner_scope {
  std::string scope;
  uint64_t trades = 0;
  bool enough_data = false;
  std::vector<beta_posterior> posteriors;
  std::vector<sampled_weight> sampled;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learner_scope& x) {
  return f(caf::meta::type_name("learner_scope"), x.scope, x.trades, x.enough_data,
           x.posteriors, x.sampled);
}

/// The learner for `tradectl learner`: the current regime, the threshold
/// of "enough data", the trades applied, and every scope (global first).
struct learner_report {
  std::string regime;
  uint32_t min_trades = 0;
  uint64_t trades = 0;
  std::vector<learner_scope> scopes;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learner_report& x) {
  return f(caf::meta::type_name("learner_report"), x.regime, x.min_trades, x.trades, x.scopes);
}

} // namespace tn
