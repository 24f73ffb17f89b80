#include "actors/regime/regime_config.hpp"

#include "actors/market_listener/rest_klines.hpp"

namespace tn {

std::string regime_config::validate() const {
  if (symbol.empty())
    return "regime.symbol: must not be empty";
  // The window and the close before it come in one klines request.
  if (days < min_hmm_observations || days + 1 > max_klines_per_request)
    return "regime.days: must lie in [" + std::to_string(min_hmm_observations) + ", "
           + std::to_string(max_klines_per_request - 1) + "]";
  if (min_days < min_hmm_observations || min_days > days)
    return "regime.min_days: must lie in [" + std::to_string(min_hmm_observations)
           + ", regime.days]";
  if (refit_every < std::chrono::hours{24})
    return "regime.refit_every: must be at least 1d";
  if (auto why = hmm.validate(); !why.empty())
    return "regime." + why;
  return {};
}

} // namespace tn
