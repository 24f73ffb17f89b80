#include "actors/tracker/tracker_config.hpp"

#include <cmath>

namespace tn {

std::string tracker_config::validate() const {
  if (safety_cadence <= timespan::zero())
    return "tracker.safety_cadence: must be positive";
  if (reevaluation_interval != timespan::zero() && reevaluation_interval < safety_cadence)
    return "tracker.reevaluation_interval: must be zero (off) or at least "
           "tracker.safety_cadence";
  if (quote_asset.empty())
    return "tracker.quote_asset: must not be empty";
  return execution.validate();
}

std::string validate(const safety_thresholds& x) {
  auto fraction = [](double v, double low) { return std::isfinite(v) && v > low && v < 1; };
  if (!fraction(x.stop_loss, 0))
    return "safety.stop_loss: must lie in (0, 1)";
  if (!fraction(x.trailing_stop, 0))
    return "safety.trailing_stop: must lie in (0, 1)";
  if (!std::isfinite(x.trailing_activation) || x.trailing_activation < 0)
    return "safety.trailing_activation: must be a number of at least 0";
  return {};
}

} // namespace tn
