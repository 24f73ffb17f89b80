#include "actors/trader/decision_steps.hpp"

#include "actors/trader/prompt.hpp"

#include <cstddef>
#include <utility>

namespace tn {

gate_pass coalesce(std::vector<gate_pass> passes) {
  auto out = std::move(passes.back());
  passes.pop_back();
  if (passes.empty())
    return out;
  std::string separator = "; also ";
  for (auto& p : passes) {
    out.detail += separator + to_string(p.reason) + (p.symbol.empty() ? "" : " " + p.symbol)
                  + ": " + p.detail;
    separator = ", ";
  }
  return out;
}

void value_positions(market_snapshot& snap) {
  for (auto& p : snap.positions)
    for (auto& s : snap.symbols)
      if (s.symbol == p.symbol && s.last_price > 0 && p.entry_price > 0)
        p.pnl_pct = (s.last_price / p.entry_price - 1) * 100;
}

std::string prompt_of(const market_snapshot& snap, uint32_t bars) {
  auto shown = snap;
  for (auto& s : shown.symbols)
    for (auto& set : s.candles)
      if (set.bars.size() > bars)
        set.bars.erase(set.bars.begin(),
                       set.bars.end() - static_cast<std::ptrdiff_t>(bars));
  return render_snapshot(shown);
}

decision hold_all(const std::string& why) {
  decision d;
  d.source = decision_source::evaluator;
  d.reasoning = why;
  return d;
}

std::string decision_line(const decision_record& rec) {
  auto& d = rec.chosen;
  std::string out = std::string{to_string(d.source)} + " decided on "
                    + to_string(rec.trigger.reason)
                    + (rec.trigger.symbol.empty() ? "" : " " + rec.trigger.symbol) + ":";
  bool any = false;
  for (auto& x : d.decisions)
    if (x.action != trade_action::hold) {
      out += " " + x.symbol + " " + to_string(x.action) + " "
             + std::to_string(static_cast<int>(x.position_pct * 100 + 0.5)) + "%";
      any = true;
    }
  if (!any)
    out += " hold all";
  if (d.validation.whole_rejected)
    return out + " (" + rec.model_outcome + ")";
  out += ", next check in " + std::to_string(d.next_check_seconds) + " s";
  if (d.source == decision_source::evaluator && !rec.model_outcome.empty())
    out += " (" + rec.model_outcome + ")";
  return out;
}

} // namespace tn
