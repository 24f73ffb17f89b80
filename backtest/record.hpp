#pragma once

// What one backtest run produced: the input of its report, its trades file
// and a sweep's summary row. The driver fills it from the run's fills, exits
// and samples; the report reads it and never sees an actor. Amounts stay
// fixed point; the report turns them into doubles for its ratios only.

#include "messages/fwd.hpp"
#include "runtime/money/decimal.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tn::backtest {

/// One execution, as the paper broker filled it.
struct fill_row {
  timestamp time; // event (replay) time of the execution
  std::string symbol;
  bool buy = true;
  decimal quantity;
  decimal price;
  decimal fee; // in the quote asset
  std::string client_id;
  std::string reason;       // order_reason's name: entry, stop_loss, ...
  uint64_t decision_id = 0; // 0 for safety exits
};

/// One closed position (the tracker's position_exit).
struct trade_row {
  std::string position_id;
  std::string symbol;
  timestamp opened;
  timestamp closed;
  decimal quantity;
  decimal entry_price;
  decimal exit_price;
  decimal fees; // entry and exit
  decimal pnl;  // realised, after fees
  std::string reason; // why it closed
};

/// One funding payment of a futures position, as the paper broker booked
/// it at a funding time (event time).
struct funding_row {
  timestamp time;
  std::string symbol;
  decimal position; // signed: negative is short
  decimal mark_price;
  decimal rate;     // the funding rate of that time, a fraction
  decimal amount;   // received, in the quote asset; negative: paid
};

/// The account's value at one moment: cash plus positions at the last price.
struct equity_point {
  timestamp time;
  decimal equity;
  decimal exposure; // value held in positions (0: flat)
};

/// A symbol's closing prices, one per sample, for charts and buy-and-hold.
struct price_point {
  timestamp time;
  decimal close;
};

/// The model's use over the run.
struct model_usage {
  uint64_t calls = 0;
  uint64_t cache_hits = 0;
  uint64_t cache_misses = 0;
  uint64_t input_tokens = 0;
  uint64_t output_tokens = 0;
  decimal cost_usd;
  std::string mode; // agent.backtest: cache | live | off
};

/// How the gate's layers let candles through, by layer name.
struct gate_layer_counts {
  uint64_t checked = 0;
  uint64_t passed = 0;
};

/// A whole run.
struct record {
  std::string name;   // the config's node.name or the sweep point's label
  std::string market; // spot | futures
  timestamp from;     // first replayed event
  timestamp to;       // last replayed event
  decimal starting_equity;
  std::string quote_asset;
  std::vector<fill_row> fills;            // in time order
  std::vector<trade_row> trades;          // in close order
  std::vector<funding_row> funding;       // in time order (futures)
  std::vector<equity_point> equity;       // in time order
  std::map<std::string, std::vector<price_point>> prices; // by symbol
  model_usage model;
  std::map<std::string, gate_layer_counts> gate;
  uint64_t candles = 0;   // replayed closed 1m candles
  std::vector<std::string> warnings; // said in the report's head
};

} // namespace tn::backtest
