#pragma once

// What the gate exchanges with the decision loop: the model's wake
// conditions (in) and the gate's passes (out).

#include "messages/fwd.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// What a wake condition watches. Values are stable: they cross the network
/// and are stored.
enum class wake_metric : uint8_t {
  price = 0,     // the last trade price
  zscore_price,  // signed z-score of the 1m return
  zscore_volume, // z-score of the 1m volume
  funding,       // the funding rate (futures), as a fraction
  pnl_pct,       // unrealised PnL of the open position, in percent
};

inline const char* to_string(wake_metric x) {
  switch (x) {
    case wake_metric::price: return "price";
    case wake_metric::zscore_price: return "zscore_price";
    case wake_metric::zscore_volume: return "zscore_volume";
    case wake_metric::funding: return "funding";
    case wake_metric::pnl_pct: return "pnl_pct";
  }
  return "?";
}

/// Parses the schema's name of a metric; false if it is not one of ours.
inline bool parse_wake_metric(std::string_view text, wake_metric& out) {
  for (auto x : {wake_metric::price, wake_metric::zscore_price, wake_metric::zscore_volume,
                 wake_metric::funding, wake_metric::pnl_pct})
    if (text == to_string(x)) {
      out = x;
      return true;
    }
  return false;
}

/// How a wake condition compares the metric with its threshold.
enum class wake_op : uint8_t { gt = 0, ge, lt, le };

inline const char* to_string(wake_op x) {
  switch (x) {
    case wake_op::gt: return ">";
    case wake_op::ge: return ">=";
    case wake_op::lt: return "<";
    case wake_op::le: return "<=";
  }
  return "?";
}

/// Parses ">", ">=", "<", "<="; false otherwise.
inline bool parse_wake_op(std::string_view text, wake_op& out) {
  for (auto x : {wake_op::gt, wake_op::ge, wake_op::lt, wake_op::le})
    if (text == to_string(x)) {
      out = x;
      return true;
    }
  return false;
}

/// True if `value op threshold` holds.
inline bool holds(wake_op op, double value, double threshold) {
  switch (op) {
    case wake_op::gt: return value > threshold;
    case wake_op::ge: return value >= threshold;
    case wake_op::lt: return value < threshold;
    case wake_op::le: return value <= threshold;
  }
  return false;
}

/// The model's request to be asked again when `metric op threshold` holds
/// for `symbol`. Fires once, then it is consumed.
struct wake_condition {
  std::string symbol;
  wake_metric metric = wake_metric::price;
  wake_op op = wake_op::gt;
  double threshold = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, wake_condition& x) {
  return f(caf::meta::type_name("wake_condition"), x.symbol, x.metric, x.op, x.threshold);
}

/// Why a decision is worth paying for.
enum class pass_reason : uint8_t {
  candle_close = 0, // a bar of the configured interval closed
  timer,            // the model's next check (or the maximum) is due
  zscore,           // an unusual 1m return or volume
  wake_condition,   // one of the model's wake conditions holds
  watchdog,         // no market data for too long: a forced decision
  reevaluation,     // the position tracker's periodic look at open positions
};

inline const char* to_string(pass_reason x) {
  switch (x) {
    case pass_reason::candle_close: return "candle_close";
    case pass_reason::timer: return "timer";
    case pass_reason::zscore: return "zscore";
    case pass_reason::wake_condition: return "wake_condition";
    case pass_reason::watchdog: return "watchdog";
    case pass_reason::reevaluation: return "reevaluation";
  }
  return "?";
}

/// Every reason, in enum order (for counters indexed by reason).
inline constexpr pass_reason all_pass_reasons[] = {pass_reason::candle_close, pass_reason::timer,
                                                   pass_reason::zscore, pass_reason::wake_condition,
                                                   pass_reason::watchdog,
                                                   pass_reason::reevaluation};

/// A decision is worth paying for now.
struct gate_pass {
  std::string symbol; // the symbol that moved; "" when it concerns every symbol
  pass_reason reason = pass_reason::timer;
  std::string detail; // human-readable: what fired and the values involved
  timestamp ts;       // event time of the pass
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, gate_pass& x) {
  return f(caf::meta::type_name("gate_pass"), x.symbol, x.reason, x.detail, x.ts);
}

/// The gate's schedule as the journal keeps it, so a restarted gate keeps
/// the model's timer, its armed wake conditions and the day's pass count.
struct gate_schedule {
  timestamp ts;              // event time it was saved
  timestamp next_check;      // when the timer is due
  uint32_t passes_today = 0; // passes on the UTC day of ts
  std::vector<wake_condition> wake_conditions;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, gate_schedule& x) {
  return f(caf::meta::type_name("gate_schedule"), x.ts, x.next_check, x.passes_today,
           x.wake_conditions);
}

} // namespace tn
