#include "actors/derivatives/derivatives_config.hpp"

#include <map>

namespace tn {

timespan data_period_length(const std::string& period) {
  using namespace std::chrono;
  static const std::map<std::string, timespan> periods = {
    {"5m", minutes{5}}, {"15m", minutes{15}}, {"30m", minutes{30}}, {"1h", hours{1}},
    {"2h", hours{2}},   {"4h", hours{4}},     {"6h", hours{6}},     {"12h", hours{12}},
    {"1d", hours{24}}};
  auto i = periods.find(period);
  return i == periods.end() ? timespan::zero() : i->second;
}

std::string derivatives_config::validate() const {
  if (hot_interval <= timespan::zero())
    return "derivatives.hot_interval: must be positive";
  if (quiet_interval < hot_interval)
    return "derivatives.quiet_interval: must not be less than derivatives.hot_interval";
  if (hot_for < timespan::zero())
    return "derivatives.hot_for: must not be negative";
  auto period = data_period_length(data_period);
  if (period == timespan::zero())
    return "derivatives.data_period: '" + data_period
           + "' is not one of 5m 15m 30m 1h 2h 4h 6h 12h 1d";
  if (oi_window < period)
    return "derivatives.oi_window: must not be less than derivatives.data_period";
  // openInterestHist serves at most 500 points.
  if (oi_window / period > 499)
    return "derivatives.oi_window: more than 499 data periods";
  if (cvd_window < std::chrono::minutes{1})
    return "derivatives.cvd_window: must be at least 1m";
  if (retry_initial <= timespan::zero())
    return "derivatives.retry_initial: must be positive";
  if (retry_max < retry_initial)
    return "derivatives.retry_max: must not be less than derivatives.retry_initial";
  return {};
}

} // namespace tn
