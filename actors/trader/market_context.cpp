#include "actors/trader/market_context.hpp"

#include <cmath>

namespace tn {

namespace {

bool is_label(const std::string& regime) {
  return regime == "low_vol" || regime == "high_vol";
}

} // namespace

void set_crypto_regime(market_snapshot& snap, const regime_status& status) {
  snap.regime.clear();
  snap.regime_probability = caf::none;
  if (!is_label(status.regime))
    return;
  snap.regime = status.regime;
  auto p = status.regime == "high_vol" ? status.p_high_vol : status.p_low_vol;
  if (status.model.observations > 0 && std::isfinite(p))
    snap.regime_probability = p;
}

void set_macro_regime(market_snapshot& snap, const std::string& quadrant) {
  snap.macro_regime = quadrant == "unknown" ? std::string{} : quadrant;
}

derivatives_view derivatives_view_of(const derivatives_snapshot& s) {
  derivatives_view out;
  out.symbol = s.symbol;
  out.funding_rate = s.funding_rate;
  out.next_funding = s.next_funding;
  out.open_interest_change_pct = s.open_interest_change_pct;
  out.long_short_ratio = s.long_short_ratio;
  if (s.cvd_bars > 0)
    out.cvd_window = s.cvd_window;
  return out;
}

void set_derivatives(market_snapshot& snap, const std::vector<derivatives_snapshot>& all) {
  snap.derivatives.clear();
  for (auto& sym : snap.symbols)
    for (auto& s : all)
      if (s.symbol == sym.symbol) {
        snap.derivatives.push_back(derivatives_view_of(s));
        break;
      }
}

} // namespace tn
