#include "actors/macro_regime/macro_config.hpp"

namespace tn {

bool valid_series_id(const std::string& id) {
  if (id.empty() || id.size() > 40)
    return false;
  for (char c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

quadrant_settings macro_config::quadrant() const {
  quadrant_settings s;
  s.growth_measure = growth_measure;
  s.inflation_measure = inflation_measure;
  s.window = window;
  s.release_lag = release_lag;
  s.max_age = max_age;
  return s;
}

std::string macro_config::validate() const {
  if (!valid_series_id(growth_series))
    return "macro.growth_series: '" + growth_series + "' is not a FRED series id (A-Z, 0-9, _)";
  if (!valid_series_id(inflation_series))
    return "macro.inflation_series: '" + inflation_series
           + "' is not a FRED series id (A-Z, 0-9, _)";
  if (growth_file.empty() != inflation_file.empty())
    return std::string{"macro."} + (growth_file.empty() ? "growth_file" : "inflation_file")
           + ": set both growth_file and inflation_file, or neither";
  if (window < 2 || window > 120)
    return "macro.window: must lie in [2, 120]";
  if (release_lag < timespan::zero())
    return "macro.release_lag: must not be negative";
  if (max_age <= timespan::zero())
    return "macro.max_age: must be positive";
  if (refresh < std::chrono::hours{1})
    return "macro.refresh: must be at least 1h";
  if (retry < std::chrono::minutes{1} || retry > refresh)
    return "macro.retry: must lie in [1m, macro.refresh]";
  if (timeout < std::chrono::seconds{1})
    return "macro.timeout: must be at least 1s";
  return {};
}

} // namespace tn
