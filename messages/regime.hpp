#pragma once

// The crypto volatility regime: the regime detector's fitted model and what
// it knows now, for the console and the services that decide.

#include "messages/fwd.hpp"

#include <caf/meta/type_name.hpp>

#include <string>
#include <vector>

namespace tn {

/// A fitted two-state Gaussian HMM on daily log returns. States are ordered
/// by variance: index 0 is low_vol, index 1 high_vol.
struct regime_model {
  std::vector<double> initial;    // 2: P(state) at the first return
  std::vector<double> transition; // 4, row-major: [from][to]
  std::vector<double> means;      // 2: mean daily log return per state
  std::vector<double> variances;  // 2: its variance
  double loglik = 0;              // log-likelihood of the fitted returns
  uint32_t iterations = 0;        // Baum-Welch updates of the best start
  bool converged = false;         // stopped on the tolerance, not the cap
  uint32_t observations = 0;      // daily returns fitted; 0: no model
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, regime_model& x) {
  return f(caf::meta::type_name("regime_model"), x.initial, x.transition, x.means, x.variances,
           x.loglik, x.iterations, x.converged, x.observations);
}

/// The regime detector's state: the regime at the newest daily close and
/// the model it comes from.
struct regime_status {
  std::string symbol;
  /// low_vol | high_vol; unknown before the first fit.
  std::string regime = "unknown";
  /// Filtered probability of each state at the newest daily close.
  double p_low_vol = 0;
  double p_high_vol = 0;
  /// Open time of the newest closed day held (epoch: none).
  timestamp last_close;
  /// Daily closes held, and the returns the next fit would use.
  uint32_t days = 0;
  uint32_t returns = 0;
  /// The last fit; model.observations == 0 before the first.
  regime_model model;
  /// Open time of the newest day the last fit saw.
  timestamp fitted_through;
  uint64_t fits = 0;
  /// A fit is running in the background.
  bool fitting = false;
  /// Why there is no regime yet, or the last REST failure; "" when all is well.
  std::string note;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, regime_status& x) {
  return f(caf::meta::type_name("regime_status"), x.symbol, x.regime, x.p_low_vol, x.p_high_vol,
           x.last_close, x.days, x.returns, x.model, x.fitted_through, x.fits, x.fitting, x.note);
}

} // namespace tn
