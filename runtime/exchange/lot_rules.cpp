#include "runtime/exchange/lot_rules.hpp"

namespace tn {

std::vector<lot_rule> lot_rules_of(const exchange_filters& filters) {
  std::vector<lot_rule> out;
  for (auto& [symbol, f] : filters.symbols) {
    lot_rule x;
    x.symbol = symbol;
    if (f.lot) {
      x.min_qty = f.lot->min_qty;
      x.step = f.lot->step_size;
    }
    if (f.market_lot) {
      x.market_min_qty = f.market_lot->min_qty;
      x.market_step = f.market_lot->step_size;
    }
    out.push_back(std::move(x));
  }
  return out;
}

symbol_filters lot_filters_of(const lot_rule& x) {
  symbol_filters f;
  f.symbol = x.symbol;
  f.status = "TRADING";
  if (x.min_qty.is_positive() || x.step.is_positive())
    f.lot = lot_filter{x.min_qty, decimal{}, x.step};
  if (x.market_min_qty.is_positive() || x.market_step.is_positive())
    f.market_lot = lot_filter{x.market_min_qty, decimal{}, x.market_step};
  return f;
}

} // namespace tn
