#pragma once

// The risk limits: what no decision, whoever made it, can get past. The
// node's config section `risk` fills this struct; validate() names the key
// of the first problem.

#include "messages/order.hpp"
#include "runtime/exchange/symbol_filters.hpp"
#include "runtime/money/decimal.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// When the daily-loss kill switch lets new entries through again. The
/// console's reset always does.
enum class kill_switch_reset : uint8_t { next_day = 0, manual };

inline const char* to_string(kill_switch_reset x) {
  return x == kill_switch_reset::next_day ? "next_day" : "manual";
}

/// Parses "next_day" or "manual"; false otherwise.
bool parse_kill_switch_reset(std::string_view text, kill_switch_reset& out);

struct risk_config {
  /// Which exchange the node trades: futures may use leverage, spot may not.
  market_kind market = market_kind::spot;
  /// The symbols risk lets an entry through for; empty: every symbol the
  /// exchange lists (the node's market.symbols is the usual whitelist).
  std::vector<std::string> symbols;
  /// A symbol's position is at most this share of equity (0..1); a BUY to a
  /// higher target is reduced to it.
  decimal max_position_pct = decimal::from_units(25'000'000); // 0.25
  /// A BUY adds to a held position only when the position falls short of
  /// its target by more than this share of the target (0..1): without it,
  /// every small price move would top the position up by a tiny order and
  /// move its protective stop. 0: any shortfall above the smallest order.
  decimal min_add_pct;
  /// All positions together are at most this share of equity (futures:
  /// up to max_leverage); an entry that would pass it is reduced to what is
  /// left.
  decimal max_total_exposure_pct = decimal::from_units(90'000'000); // 0.9
  /// Futures: total exposure at most this multiple of equity. Spot: 1.
  decimal max_leverage = decimal::from_int(1);
  /// At most this many orders (entries and exits) in any 60 s of event
  /// time; entries beyond it are refused, exits always go.
  uint32_t max_orders_per_minute = 10;
  /// An entry's notional in the quote asset: below the minimum it is
  /// refused (the exchange's own minimum applies as well), above the
  /// maximum reduced to it.
  decimal min_notional = decimal::from_int(10);
  decimal max_notional = decimal::from_int(10'000);
  /// The kill switch: a loss of this share of the UTC day's starting equity
  /// flattens every position and refuses entries until it is reset.
  decimal max_daily_loss_pct = decimal::from_units(5'000'000); // 0.05
  kill_switch_reset reset = kill_switch_reset::next_day;
  /// How entries are placed: LIMIT_MAKER at the last price rounded down to
  /// the tick (the broker falls back to market after its timeout), or MARKET.
  order_type entry_type = order_type::limit_maker;

  /// "" if the settings are usable, otherwise the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

} // namespace tn
