#pragma once

// The paper broker's account: balances per asset (free and locked), the
// cost of what it holds, and the day's realised PnL and fees. Fees are
// charged in the quote asset, as USDⓈ-M futures charge them in the margin
// asset (Binance spot would take a buy's fee in the base asset unless BNB
// pays it): one currency for every fee keeps PnL in one unit. Pure: no CAF,
// time comes with each call.

#include "messages/order.hpp"

#include <map>
#include <string>
#include <vector>

namespace tn {

class paper_account {
public:
  explicit paper_account(std::string quote_asset);

  const std::string& quote_asset() const {
    return quote_;
  }

  /// Sets the balances, all free: `starting` at a first start, the
  /// journal's (free plus locked; the orders resting again lock their part
  /// anew) after a restart.
  void set_balances(const std::map<std::string, decimal>& totals);

  /// Restores what the journal kept beyond balances: the cost of each
  /// open position (its entry price and fees) and the last trading day's
  /// realised PnL and fees (those in the quote asset).
  void restore(const execution_journal& j);

  decimal free(const std::string& asset) const;

  /// Moves `amount` of `asset` from free to locked; false (and nothing
  /// moves) when the free balance is short.
  bool lock(const std::string& asset, decimal amount);

  /// Moves `amount` of `asset` back from locked to free.
  void unlock(const std::string& asset, decimal amount);

  /// Books a fill of a symbol whose base asset is `base`: `locked` is what
  /// the order had locked (quote for a buy, base for a sell), released by
  /// it. False (and nothing is booked) when a buy's cost and fee exceed the
  /// locked and free quote together.
  bool book(const fill& f, const std::string& base, decimal locked);

  /// The futures position in `base` as this account models one: its
  /// balance of the base asset, free and locked, signed (the paper
  /// exchange sells only what it holds, so it is never short: the node
  /// trades longs only; see actors/tracker/reconcile.hpp).
  decimal position(const std::string& base) const;

  /// Books a funding payment: `amount` of the quote asset into its free
  /// balance (negative: out of it, which may leave it below zero, as a
  /// futures wallet's balance falls with what it pays). Not in the day's
  /// realised PnL, which counts closed trades only (Binance's realizedPnl
  /// leaves FUNDING_FEE out too); equity has it through the balance.
  void book_funding(decimal amount);

  /// Every asset with a balance, by name.
  std::vector<asset_balance> balances() const;

  /// The account at `now`, holdings valued at `last_prices` (by symbol);
  /// the PnL and fees of the UTC day of `now` (zero when nothing was booked
  /// that day).
  account_state state(timestamp now, const std::map<std::string, decimal>& last_prices) const;

private:
  struct holding {
    decimal quantity;
    decimal cost; // what buying it cost in the quote asset, fees included
  };

  /// Starts a new day's PnL and fees when `ts` is on a later UTC day.
  void roll(timestamp ts);

  std::string quote_;
  std::map<std::string, asset_balance> balances_;
  std::map<std::string, holding> holdings_; // by base asset
  timestamp day_{};
  decimal pnl_day_;
  decimal fees_day_;
};

/// The base asset of `symbol` quoted in `quote` ("BTC" of "BTCUSDT"); ""
/// when the symbol is not quoted in it.
std::string base_asset(const std::string& symbol, const std::string& quote);

/// UTC midnight of the day of `t`.
timestamp utc_day(timestamp t);

} // namespace tn
