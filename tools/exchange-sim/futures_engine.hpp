#pragma once

// The USDⓈ-M futures account: one-way positions per symbol, a USDT wallet,
// leverage and margin type per symbol, orders on /fapi/v1/order and
// conditional (algo) orders on /fapi/v1/algoOrder, matched against the same
// replayed market as spot. Cross margin: every position's unrealized PnL
// counts toward what new orders may use. Pure logic, like spot_engine.

#include "tools/exchange-sim/order_book.hpp"
#include "tools/exchange-sim/order_record.hpp"
#include "tools/exchange-sim/spot_engine.hpp"

#include <map>
#include <string>
#include <vector>

namespace tn::sim {

struct futures_position {
  units amt = 0;   // signed: long > 0, short < 0
  units entry = 0; // average entry price
  int leverage = 20;
  bool isolated = false;
  int64_t update_time = 0;
};

/// A conditional order: the trigger, and the order it became.
struct algo_order {
  sim_order order;             // type STOP_MARKET, TAKE_PROFIT_MARKET, STOP, TAKE_PROFIT
  std::string status = "NEW";  // NEW, CANCELED, FINISHED, EXPIRED
  int64_t trigger_time = 0;
  int64_t actual_order_id = 0; // the order placed when it fired
};

class futures_engine {
public:
  futures_engine(const account_options& opts, order_record& record);

  /// Places LIMIT or MARKET `o` (timeInForce GTC, IOC, FOK or GTX; maybe
  /// reduceOnly) at market price `last`. GTX that would take: -5022;
  /// reduceOnly that would grow the position: -2022; margin: -2019.
  placement place(sim_order o, units last, int64_t now);

  /// Places a conditional order; one that would fire at once: -2021.
  placement place_algo(algo_order a, units last, int64_t now, algo_order*& out);

  const sim_order* find(const std::string& symbol, int64_t id, const std::string& cid) const {
    return book_.find(symbol, id, cid);
  }
  const algo_order* find_algo(int64_t algo_id, const std::string& client_algo_id) const;
  placement cancel(const std::string& symbol, int64_t id, const std::string& cid, int64_t now);
  /// -2011 if unknown or no longer open.
  std::optional<order_error> cancel_algo(int64_t algo_id, const std::string& cid, int64_t now,
                                         const algo_order*& out);
  std::vector<const sim_order*> open_orders(const std::string& symbol) const {
    return book_.open_orders(symbol);
  }
  std::vector<const algo_order*> open_algo_orders(const std::string& symbol) const;
  std::vector<const sim_fill*> trades(const std::string& symbol, int64_t order_id) const {
    return book_.trades(symbol, order_id);
  }

  /// Fires conditional orders and fills resting ones (resting limits within
  /// `budget`) as the market trades over [lo, hi], then marks positions to
  /// `last`.
  void on_market(const std::string& symbol, units lo, units hi, units last, int64_t now,
                 fill_budget budget = fill_budget::unlimited());

  /// The position of `symbol` (flat, default leverage, if never touched).
  const futures_position& position(const std::string& symbol);
  const std::map<std::string, futures_position>& positions() const { return positions_; }
  units mark(const std::string& symbol) const;
  void set_leverage(const std::string& symbol, int leverage);
  /// -4046 if unchanged.
  std::optional<order_error> set_margin_type(const std::string& symbol, bool isolated);

  units wallet() const { return wallet_; }
  units unrealized() const;
  units unrealized(const std::string& symbol) const;
  /// Initial margin of positions and of open orders.
  units position_margin() const;
  units order_margin() const;
  units available() const;
  const account_options& options() const { return opts_; }
  int64_t update_time() const { return update_time_; }

  std::string make_client_id() { return client_id_for(++client_ids_); }

private:
  /// The part of `qty` on side `buy` that would grow the position.
  units opening_qty(const std::string& symbol, bool buy, units qty) const;
  /// Executes up to `qty` of `o` (reduce-only: at most the position; an
  /// order left open with nothing to reduce expires).
  sim_fill execute(sim_order& o, const execution& x, units qty, int64_t now);
  void fire(algo_order& a, int64_t now);

  account_options opts_;
  order_record& record_;
  uint64_t client_ids_ = 0;
  units wallet_ = 0;
  std::map<std::string, futures_position> positions_;
  std::map<std::string, units> marks_;
  order_book book_{"futures"};
  std::map<int64_t, algo_order> algos_;
  int64_t next_algo_id_ = 1;
  int64_t update_time_ = 0;
};

} // namespace tn::sim
