#pragma once

// The simulator's own record of every order it accepted, changed and
// filled, one JSON object per line: what a crash test compares the node's
// journal with. Kept in memory (GET /sim/record serves it) and, with
// --record FILE, appended and flushed to FILE line by line, so a reader
// sees every event the simulator answered for.

#include "tools/exchange-sim/orders.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace tn::sim {

/// One execution as the record and the trade lists keep it.
struct sim_fill {
  std::string market; // "spot" or "futures"
  std::string symbol;
  int64_t trade_id = 0;
  int64_t order_id = 0;
  std::string client_order_id;
  bool buy = true;
  bool maker = true;
  units price = 0;
  units qty = 0;
  units quote_qty = 0;
  units commission = 0;
  std::string commission_asset;
  units realized_pnl = 0; // futures
  int64_t time = 0;
};

class order_record {
public:
  order_record() = default;
  order_record(const order_record&) = delete;
  order_record& operator=(const order_record&) = delete;
  ~order_record();

  /// Appends to `path` from now on; false with a reason.
  bool open(const std::string& path, std::string& error);

  /// An order's new state ("event":"order"), at placement and at every
  /// status change. `market` is "spot", "futures", or "futures_algo" for a
  /// conditional order (its orderId is the algoId, clientOrderId the
  /// clientAlgoId).
  void order(std::string_view market, const sim_order& o);

  /// An execution ("event":"fill").
  void fill(const sim_fill& f);

  /// Every line so far, newline-terminated.
  std::string text() const;

private:
  void add(std::string line);

  std::vector<std::string> lines_;
  std::FILE* file_ = nullptr;
};

} // namespace tn::sim
