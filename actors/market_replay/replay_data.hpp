#pragma once

// The market history a backtest replays, free of I/O once loaded: closed 1m
// bars per symbol from kline files (read by the shared reader,
// tools/exchange-sim/kline_load.hpp), walked minute by minute, and the
// history a warm-up asks for, restricted to the bars closed by the asking
// time so nothing after it is ever seen.

#include "actors/market_listener/rest_klines.hpp"
#include "messages/market.hpp"

#include <map>
#include <string>
#include <vector>

namespace tn {

class replay_data {
public:
  /// Loads every file of `specs` (a path whose name starts with the symbol,
  /// or SYMBOL=path; Binance dump CSV or /api/v3/klines JSON) and joins the
  /// files of one symbol. False with the reason in `error`.
  bool load(const std::vector<std::string>& specs, std::string& error);

  /// Adds one symbol's closed 1m bars (ascending open times, no repeats).
  void add(const std::string& symbol, std::vector<candle> bars);

  /// The symbols with data, ascending.
  std::vector<std::string> symbols() const;

  /// The first bar's open time and the last bar's close time over all
  /// symbols (both the epoch without data).
  timestamp first_open() const;
  timestamp last_close() const;

  /// Bars held, over all symbols.
  uint64_t size() const;

  /// The bars of one symbol; empty if unknown.
  const std::vector<candle>& bars(const std::string& symbol) const;

  /// What a history request gets when asked at `as_of`: the bars of `req`
  /// (1m from the files, longer intervals aggregated from them when every
  /// minute is there) that closed at or before `as_of`, oldest first.
  std::vector<candle> history(const bar_request& req, timestamp as_of) const;

private:
  std::map<std::string, std::vector<candle>> bars_;
};

/// Walks the replay one event at a time: each event is the minute whose 1m
/// bars closed at `time`, with the bars of every symbol that has one.
class replay_cursor {
public:
  /// Events whose bars open at or after `from` and close at or before `to`.
  replay_cursor(const replay_data& data, timestamp from, timestamp to);

  /// The next event: false at the end. `time` is the minute's close (the
  /// event time of its bars), `closed` one bar per symbol, by symbol.
  bool next(timestamp& time, std::vector<candle>& closed);

  /// Bars replayed so far, and all bars in the range.
  uint64_t done() const { return done_; }
  uint64_t total() const { return total_; }

private:
  struct lane {
    const std::vector<candle>* bars;
    size_t pos;
    size_t end;
  };
  std::vector<lane> lanes_;
  uint64_t done_ = 0;
  uint64_t total_ = 0;
};

/// The tick_batch the market listener would forward for `closed` bars at
/// their close: one closed candle and its last tick per symbol.
tick_batch closed_batch(const std::vector<candle>& closed, timestamp time);

} // namespace tn
