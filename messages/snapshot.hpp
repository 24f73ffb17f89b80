#pragma once

// The market snapshot: everything a decision is made from. The trader
// gathers it; the agent sees it rendered as a compact prompt and the
// evaluator scores it directly, so both decide on the same facts.

#include "messages/fwd.hpp"
#include "messages/gate.hpp"
#include "messages/market.hpp"

#include <caf/meta/type_name.hpp>

#include <string>
#include <vector>

namespace tn {

/// The position tracker's safety layer, which the model cannot switch off:
/// it must know where its positions will be closed for it. Fractions.
struct safety_thresholds {
  double stop_loss = 0.04;           // exit at this loss from entry
  double trailing_stop = 0.12;       // exit at this retreat from the best price ...
  double trailing_activation = 0.03; // ... once the gain reached this
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, safety_thresholds& x) {
  return f(caf::meta::type_name("safety_thresholds"), x.stop_loss, x.trailing_stop,
           x.trailing_activation);
}

/// An open position as the decision sees it.
struct position_view {
  std::string symbol;
  double quantity = 0;   // signed: negative is short
  double entry_price = 0;
  double pnl_pct = 0;    // unrealised, percent
  timestamp opened;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, position_view& x) {
  return f(caf::meta::type_name("position_view"), x.symbol, x.quantity, x.entry_price, x.pnl_pct,
           x.opened);
}

/// Derivatives data of one symbol (futures); NaN where unknown.
struct derivatives_view {
  std::string symbol;
  double funding_rate = 0;
  double open_interest_change_pct = 0; // over the last hour
  double long_short_ratio = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, derivatives_view& x) {
  return f(caf::meta::type_name("derivatives_view"), x.symbol, x.funding_rate,
           x.open_interest_change_pct, x.long_short_ratio);
}

/// The learner's belief in one signal: Beta(alpha, beta).
struct signal_weight {
  std::string name;
  double alpha = 1;
  double beta = 1;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, signal_weight& x) {
  return f(caf::meta::type_name("signal_weight"), x.name, x.alpha, x.beta);
}

/// Closed candles of one symbol and interval, oldest first.
struct candle_set {
  interval span = interval::m1;
  std::vector<candle> bars;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, candle_set& x) {
  return f(caf::meta::type_name("candle_set"), x.span, x.bars);
}

struct symbol_snapshot {
  std::string symbol;
  double last_price = 0; // 0 if no tick arrived yet
  std::vector<candle_set> candles;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, symbol_snapshot& x) {
  return f(caf::meta::type_name("symbol_snapshot"), x.symbol, x.last_price, x.candles);
}

struct market_snapshot {
  timestamp ts;      // event time the snapshot was taken
  gate_pass trigger; // why a decision is made now
  std::vector<symbol_snapshot> symbols;
  std::vector<position_view> positions;
  std::vector<derivatives_view> derivatives; // empty without a derivatives service
  std::string regime;                        // "" without a regime service
  std::vector<signal_weight> learner;        // empty without a learner
  std::string memory;                        // the model's own note from its last decision
  safety_thresholds safety;
  std::string history_gaps; // candles the store could not give in full; "" if none
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, market_snapshot& x) {
  return f(caf::meta::type_name("market_snapshot"), x.ts, x.trigger, x.symbols, x.positions,
           x.derivatives, x.regime, x.learner, x.memory, x.safety, x.history_gaps);
}

} // namespace tn
