#pragma once

// The spot matching engine and account: orders against the replayed market,
// balances per asset with the amounts open orders lock, fees, and the
// trade list. Pure logic: the caller passes wall time and market prices.

#include "tools/exchange-sim/order_book.hpp"
#include "tools/exchange-sim/order_record.hpp"
#include "tools/exchange-sim/orders.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tn::sim {

/// The account a simulator starts with.
struct account_options {
  /// Starting balances at 8 decimals; --balance ASSET=AMOUNT.
  std::vector<std::pair<std::string, units>> balances = {{"USDT", 10000 * pow10(order_scale)}};
  units maker_fee = pow10(order_scale) / 1000; // 0.1 %
  units taker_fee = pow10(order_scale) / 1000;
};

/// A refused request: Binance's code and message.
struct order_error {
  int code = 0;
  std::string msg;
};

struct asset_balance {
  units free = 0;
  units locked = 0;
};

/// What placing an order did.
struct placement {
  std::optional<order_error> error;
  sim_order order;
  std::vector<sim_fill> fills;
};

class spot_engine {
public:
  spot_engine(const account_options& opts, order_record& record);

  /// Places `o` (symbol, side, type, timeInForce, price, stopPrice, qty and
  /// client id set) on a symbol trading `base` against `quote` whose price
  /// is `last`, at wall time `now`. `test` only validates (order/test).
  placement place(sim_order o, const std::string& base, const std::string& quote, units last,
                  int64_t now, bool test = false);

  /// The order of `symbol` with `order_id` (if > 0) or `client_id`.
  const sim_order* find(const std::string& symbol, int64_t order_id,
                        const std::string& client_id) const {
    return book_.find(symbol, order_id, client_id);
  }

  /// Cancels an open order; -2011 if it is unknown or no longer open.
  placement cancel(const std::string& symbol, int64_t order_id, const std::string& client_id,
                   int64_t now);

  /// Open orders, of `symbol` only unless empty, oldest first.
  std::vector<const sim_order*> open_orders(const std::string& symbol) const {
    return book_.open_orders(symbol);
  }

  /// Trades of `symbol` (of `order_id` only if > 0), oldest first.
  std::vector<const sim_fill*> trades(const std::string& symbol, int64_t order_id) const {
    return book_.trades(symbol, order_id);
  }

  /// The market of `symbol` traded over [lo, hi] at wall time `now`: fires
  /// stops and fills resting orders, resting limits within `budget`.
  void on_market(const std::string& symbol, units lo, units hi, int64_t now,
                 fill_budget budget = fill_budget::unlimited());

  const std::map<std::string, asset_balance>& balances() const { return balances_; }
  const account_options& options() const { return opts_; }
  int64_t update_time() const { return update_time_; }

  /// A fresh 22-character client order id, as Binance makes one up.
  std::string make_client_id() { return client_id_for(++client_ids_); }

private:
  struct assets {
    std::string base;
    std::string quote;
  };

  /// What an open order locks: quote for a BUY (at its limit), base for a SELL.
  std::pair<std::string, units> reservation(const sim_order& o, units qty) const;
  std::optional<order_error> check_funds(const sim_order& o, units last) const;
  /// Executes `qty` of `o`'s remaining quantity.
  sim_fill execute(sim_order& o, const execution& x, units qty, int64_t now);

  account_options opts_;
  order_record& record_;
  std::map<std::string, asset_balance> balances_;
  order_book book_{"spot"};
  std::map<std::string, assets> symbols_;
  uint64_t client_ids_ = 0;
  int64_t update_time_ = 0;
};

} // namespace tn::sim
