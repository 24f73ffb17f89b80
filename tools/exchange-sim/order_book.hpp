#pragma once

// The orders and trades of one account, spot or futures: ids, lookups by
// order id or client id, and the bookkeeping every execution does. What an
// execution does to balances or positions is the engine's.

#include "tools/exchange-sim/order_record.hpp"
#include "tools/exchange-sim/orders.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

class order_book {
public:
  /// `market` names the account in fills ("spot", "futures").
  explicit order_book(std::string market) : market_(std::move(market)) {}

  /// True if an open order of `symbol` has `client_id`.
  bool open_with_client_id(const std::string& symbol, const std::string& client_id) const;

  /// The next order id.
  int64_t take_order_id() { return next_order_id_++; }

  /// Stores `o` (its id set); the stored order.
  sim_order& add(sim_order o);

  /// The order of `symbol` with `order_id` (if > 0), else the latest with
  /// `client_id`; nullptr if none.
  const sim_order* find(const std::string& symbol, int64_t order_id,
                        const std::string& client_id) const;
  sim_order* find(const std::string& symbol, int64_t order_id, const std::string& client_id);

  /// Open orders, of `symbol` only unless empty, oldest first.
  std::vector<const sim_order*> open_orders(const std::string& symbol) const;

  /// Every order, by id.
  std::map<int64_t, sim_order>& orders() { return orders_; }
  const std::map<int64_t, sim_order>& orders() const { return orders_; }

  /// Executes `qty` of `o` at `x` at wall time `now`: the fill (fee and its
  /// asset left for the engine), with `o`'s executed quantity, quote and
  /// status (PARTIALLY_FILLED, FILLED once complete) brought up to date. The fill joins the
  /// trade list when the engine calls `book`.
  sim_fill execute(sim_order& o, const execution& x, units qty, int64_t now);

  /// Adds a completed fill to the trade list.
  void book(const sim_fill& f) { trades_.push_back(f); }

  /// Trades of `symbol` (of `order_id` only if > 0), oldest first.
  std::vector<const sim_fill*> trades(const std::string& symbol, int64_t order_id) const;

private:
  std::string market_;
  std::map<int64_t, sim_order> orders_;
  std::vector<sim_fill> trades_;
  int64_t next_order_id_ = 1;
  int64_t next_trade_id_ = 1;
};

} // namespace tn::sim
