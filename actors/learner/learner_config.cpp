#include "actors/learner/learner_config.hpp"

#include <cmath>

namespace tn {

std::string learner_config::validate() const {
  if (!(std::isfinite(prior_alpha) && prior_alpha > 0))
    return "learner.prior_alpha: must be above 0";
  if (!(std::isfinite(prior_beta) && prior_beta > 0))
    return "learner.prior_beta: must be above 0";
  if (max_signals == 0)
    return "learner.max_signals: must be at least 1";
  return {};
}

} // namespace tn
