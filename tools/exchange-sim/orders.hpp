#pragma once

// Orders as the simulator's matching engine keeps them, for spot and
// futures alike, and the rule that decides when one fills against the
// replayed market. Amounts are at 8 decimals.

#include "tools/exchange-sim/fixed.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tn::sim {

/// Decimals of every price, quantity and balance in the order path.
inline constexpr int order_scale = 8;

struct sim_order {
  std::string symbol;
  int64_t order_id = 0;
  std::string client_order_id;
  bool buy = true;
  std::string type;          // LIMIT, MARKET, LIMIT_MAKER, STOP_LOSS_LIMIT, STOP_MARKET, ...
  std::string time_in_force; // GTC, IOC, FOK, GTX; empty for MARKET
  units price = 0;           // 0 for MARKET
  units stop_price = 0;      // 0 without a trigger
  units orig_qty = 0;
  units executed_qty = 0;
  units cum_quote = 0;
  std::string status = "NEW";
  int64_t time = 0;        // wall ms of placement
  int64_t update_time = 0; // wall ms of the last change
  bool triggered = false;  // a stop order once the market reached its stopPrice
  int64_t working_time = -1; // wall ms it started working: placement, or its trigger
  // futures only
  bool reduce_only = false;
  bool close_position = false;
  std::string working_type = "CONTRACT_PRICE";

  bool is_open() const { return status == "NEW" || status == "PARTIALLY_FILLED"; }
  bool has_trigger() const { return stop_price != 0; }
  /// A stop order rests without working until its trigger.
  bool working() const { return !has_trigger() || triggered; }
  units remaining() const { return orig_qty - executed_qty; }
};

/// One execution: the price and whether the order was the maker.
struct execution {
  units price = 0;
  bool maker = true;
};

/// True if the stop of `o` fires when the market trades over [lo, hi]: a
/// SELL stop at or below its stopPrice, a BUY stop at or above it (for the
/// stop-loss kinds; take-profit kinds mirror it).
bool stop_fires(const sim_order& o, units lo, units hi);

/// How a working resting order fills when the market trades over [lo, hi]
/// (lo <= hi), or nothing: a limit fills at its price when the market
/// trades through it (strictly: touching is not enough, the queue ahead of
/// it would have taken the touch); a just-fired stop without a limit, or a
/// fired stop-limit whose limit is marketable, fills as taker at the stop.
std::optional<execution> resting_fill(const sim_order& o, units lo, units hi);

/// How a new working order fills on arrival at market price `last`: a
/// MARKET order, or a limit priced at or through `last`, takes at `last`.
std::optional<execution> arrival_fill(const sim_order& o, units last);

/// How much resting limit orders may fill as the market passes: a share
/// (--fill-share) of the volume one replay update of a 1m bar traded, so at
/// most that share of each bar's volume, shared by an account's orders of
/// the symbol in order id order, in whole steps of its LOT_SIZE. An order
/// larger than that fills in several trades, PARTIALLY_FILLED in between.
/// Taking fills (MARKET, crossing limits, fired stops) are not limited.
class fill_budget {
public:
  /// `volume` traded (8 decimals) times `share` (8 decimals, 1.0 =
  /// 100000000), in steps of `step` (8 decimals, 0 = any quantity).
  fill_budget(units volume, units share, units step);

  /// No limit: every resting order fills at once.
  static fill_budget unlimited();

  /// The part of `want` that fills now, taken from the budget (0 if none).
  units take(units want);

private:
  fill_budget() = default;

  std::optional<units> left_; // nullopt: unlimited
  units step_ = 0;
};

/// The `n`-th client order id the simulator makes up: 22 characters of
/// [0-9A-Za-z], as Binance's look ("6gCrw2kRUAF9CvJDGP16IP").
std::string client_id_for(uint64_t n);

/// `a` * `b` at 8 decimals, rounded down.
units mul8(units a, units b);

/// A value at `from` decimals expressed at 8 (rounded down if finer).
units to_order_scale(units value, int from);

} // namespace tn::sim
