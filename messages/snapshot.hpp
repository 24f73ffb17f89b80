#pragma once

// The market snapshot: everything a decision is made from. The trader
// gathers it; the agent sees it rendered as a compact prompt and the
// evaluator scores it directly, so both decide on the same facts.

#include "messages/fwd.hpp"
#include "messages/gate.hpp"
#include "messages/learner.hpp"
#include "messages/market.hpp"

#include <caf/meta/type_name.hpp>
#include <caf/optional.hpp>

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

/// Derivatives data of one futures symbol, from the derivatives monitor.
/// An empty optional where a value is unknown (not NaN: CAF 0.17's
/// serializer does not carry NaN across the network).
struct derivatives_view {
  std::string symbol;
  caf::optional<double> funding_rate; // last funding rate, fraction per funding period
  timestamp next_funding;             // next funding time; epoch: unknown
  /// Change of the open interest over the monitor's window (1 h by
  /// default), in percent.
  caf::optional<double> open_interest_change_pct;
  caf::optional<double> long_short_ratio; // long / short accounts
  /// Taker buys minus taker sells (base asset) over the monitor's CVD
  /// window; unknown before its first closed 1m bar.
  caf::optional<double> cvd_window;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, derivatives_view& x) {
  return f(caf::meta::type_name("derivatives_view"), x.symbol, x.funding_rate, x.next_funding,
           x.open_interest_change_pct, x.long_short_ratio, x.cvd_window);
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
  /// The crypto regime (low_vol | high_vol) and the filtered probability of
  /// it at the newest daily close; "" and none without a regime detector,
  /// before its first fit, or when it did not answer in time.
  std::string regime;
  caf::optional<double> regime_probability;
  /// The macro quadrant (goldilocks, reflation, stagflation, deflation);
  /// "" when unknown or without the macro service.
  std::string macro_regime;
  /// The learner's weights drawn for the combined regime; no weights
  /// without a learner (or when it did not answer in time).
  learner_weights learner;
  std::string memory;                        // the model's own note from its last decision
  safety_thresholds safety;
  std::string history_gaps; // candles the store could not give in full; "" if none
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, market_snapshot& x) {
  return f(caf::meta::type_name("market_snapshot"), x.ts, x.trigger, x.symbols, x.positions,
           x.derivatives, x.regime, x.regime_probability, x.macro_regime, x.learner, x.memory, x.safety, x.history_gaps);
}

} // namespace tn
