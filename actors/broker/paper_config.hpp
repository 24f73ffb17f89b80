#pragma once

// The paper broker's settings (config section `paper`, wired by the node):
// what the simulated account starts with, what it charges, how far a
// market order slips, and when a maker order gives up. Pure: no CAF.

#include "messages/order.hpp"
#include "runtime/money/decimal.hpp"

#include <chrono>
#include <map>
#include <string>

namespace tn {

struct paper_config {
  /// The asset every symbol is quoted in, fees are charged in and equity
  /// is valued in. A symbol that does not end with it is refused
  /// ("Invalid symbol.").
  std::string quote_asset = "USDT";

  /// The account's balances at its first start (free, per asset). After
  /// that the journal's balances win: a restart never refunds the account.
  std::map<std::string, decimal> starting_balances{{"USDT", decimal::from_int(10'000)}};

  /// Fee rates as fractions of the notional: a resting limit order that is
  /// traded through pays the maker rate (Binance's 0.02 %), a market order
  /// or a limit order marketable on arrival the taker rate (0.1 % by
  /// default, Binance spot's base rate).
  decimal maker_fee = decimal::from_units(20'000);    // 0.0002
  decimal taker_fee = decimal::from_units(100'000);   // 0.001

  /// A market order fills at the next price moved this fraction against it
  /// (a buy pays more, a sell gets less).
  decimal slippage = decimal::from_units(50'000);     // 0.0005

  /// A LIMIT_MAKER order still resting after this long in event time is
  /// canceled and its quantity sent as a MARKET order under the client id
  /// `<id>m`, as binance.maker_fallback does at the exchange; zero: never.
  /// (Which type entries have is risk.entry_type.)
  timespan maker_fallback = std::chrono::seconds{30};

  /// "" if the settings are usable, otherwise the first problem, naming the
  /// key.
  [[nodiscard]] std::string validate() const;
};

} // namespace tn
