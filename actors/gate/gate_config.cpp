#include "actors/gate/gate_config.hpp"

#include <cmath>

namespace tn {

namespace {

std::string check_close_interval(const std::string& key, interval span, uint32_t cap) {
  auto per_day = std::chrono::hours{24} / length_of(span);
  if (per_day > static_cast<int64_t>(cap))
    return key + ": " + to_string(span) + " closes " + std::to_string(per_day)
           + " bars a day, more than max_decisions_per_day (" + std::to_string(cap) + ")";
  return {};
}

} // namespace

interval gate_config::close_interval(const std::string& symbol) const {
  if (auto i = symbol_intervals.find(symbol); i != symbol_intervals.end())
    return i->second;
  return style_intervals.at(style);
}

std::string gate_config::validate() const {
  if (max_decisions_per_day == 0)
    return "gate.max_decisions_per_day: must be at least 1";
  auto i = style_intervals.find(style);
  if (i == style_intervals.end())
    return std::string{"gate.style_intervals: no interval for style '"} + to_string(style) + "'";
  if (auto why = check_close_interval("gate.style_intervals." + std::string{to_string(style)},
                                      i->second, max_decisions_per_day);
      !why.empty())
    return why;
  for (auto& [symbol, span] : symbol_intervals)
    if (auto why = check_close_interval("gate.symbol_intervals." + symbol, span,
                                        max_decisions_per_day);
        !why.empty())
      return why;
  if (min_check <= timespan::zero())
    return "gate.min_check: must be positive";
  if (max_check < min_check)
    return "gate.max_check: must not be less than gate.min_check";
  if (min_spacing < timespan::zero() || min_spacing > min_check)
    return "gate.min_spacing: must lie in [0, gate.min_check]";
  if (cooldown < timespan::zero())
    return "gate.cooldown: must not be negative";
  if (close_grace < timespan::zero() || close_grace > std::chrono::minutes{1})
    return "gate.close_grace: must lie in [0s, 1m]";
  if (zscore_window < 2)
    return "gate.zscore_window: must be at least 2";
  if (zscore_min_samples < 2 || zscore_min_samples > zscore_window)
    return "gate.zscore_min_samples: must lie in [2, gate.zscore_window]";
  if (!std::isfinite(zscore_price_threshold) || zscore_price_threshold <= 0)
    return "gate.zscore_price_threshold: must be a positive number";
  if (!std::isfinite(zscore_volume_threshold) || zscore_volume_threshold <= 0)
    return "gate.zscore_volume_threshold: must be a positive number";
  if (!std::isfinite(funding_threshold) || funding_threshold < 0 || funding_threshold > 0.01)
    return "gate.funding_threshold: must lie in [0, 0.01] (0: off)";
  if (funding_lead < timespan::zero() || funding_lead > std::chrono::hours{8})
    return "gate.funding_lead: must lie in [0s, 8h] (0s: off)";
  return {};
}

} // namespace tn
