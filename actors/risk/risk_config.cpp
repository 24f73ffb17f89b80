#include "actors/risk/risk_config.hpp"

namespace tn {

namespace {

std::string check_share(const char* key, decimal x) {
  if (!x.is_positive() || x > decimal::from_int(1))
    return std::string{"risk."} + key + ": must lie in (0, 1], not " + to_string(x);
  return {};
}

} // namespace

bool parse_kill_switch_reset(std::string_view text, kill_switch_reset& out) {
  for (auto x : {kill_switch_reset::next_day, kill_switch_reset::manual})
    if (text == to_string(x)) {
      out = x;
      return true;
    }
  return false;
}

std::string risk_config::validate() const {
  for (auto [key, value] : {std::pair{"max_position_pct", max_position_pct},
                            std::pair{"max_daily_loss_pct", max_daily_loss_pct}})
    if (auto why = check_share(key, value); !why.empty())
      return why;
  if (min_add_pct.is_negative() || min_add_pct > decimal::from_int(1))
    return "risk.min_add_pct: must lie in [0, 1], not " + to_string(min_add_pct);
  if (max_total_exposure_pct < max_position_pct || max_total_exposure_pct > max_leverage)
    return "risk.max_total_exposure_pct: must lie in [risk.max_position_pct, risk.max_leverage] ("
           + to_string(max_position_pct) + ", " + to_string(max_leverage) + "), not "
           + to_string(max_total_exposure_pct);
  if (market == market_kind::spot && max_leverage != decimal::from_int(1))
    return "risk.max_leverage: spot trades without leverage, so it must be 1, not "
           + to_string(max_leverage);
  if (max_leverage < decimal::from_int(1) || max_leverage > decimal::from_int(125))
    return "risk.max_leverage: must lie in [1, 125], not " + to_string(max_leverage);
  if (max_orders_per_minute == 0)
    return "risk.max_orders_per_minute: must be at least 1";
  if (min_notional.is_negative())
    return "risk.min_notional: must not be negative";
  if (max_notional <= min_notional)
    return "risk.max_notional: must be above risk.min_notional (" + to_string(min_notional) + ")";
  if (entry_type != order_type::market && entry_type != order_type::limit_maker)
    return std::string{"risk.entry_type: must be MARKET or LIMIT_MAKER, not "}
           + to_string(entry_type);
  for (auto& s : symbols)
    if (s.empty())
      return "risk.symbols: an empty symbol";
  return {};
}

} // namespace tn
