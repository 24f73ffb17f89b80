#pragma once

// The market history a backtest replays, streamed from kline files (read a
// row at a time by the shared reader, tools/exchange-sim/kline_reader.hpp)
// and walked minute by minute, and the history a warm-up asks for: the
// newest bars the walk has passed (replay_history), restricted to those
// closed by the asking time, so nothing after it is ever seen. Only a
// bounded history, and one bar per symbol read ahead, is ever in memory.

#include "actors/market_listener/rest_klines.hpp"
#include "actors/market_replay/replay_history.hpp"
#include "messages/market.hpp"
#include "tools/exchange-sim/kline_reader.hpp"

#include <string>
#include <vector>

namespace tn {

class replay_data {
public:
  /// The history keeps `history_depth` bars per symbol and interval. The
  /// default answers anything the node asks: the market store's warm-up
  /// and refills and the regime detector's daily closes each ask at most
  /// max_klines_per_request bars (their configs are bounded by it).
  explicit replay_data(size_t history_depth = max_klines_per_request);

  /// Notes every file of `specs` (a path whose name starts with the symbol,
  /// or SYMBOL=path; Binance dump CSV or /api/v3/klines JSON) and orders
  /// the files of one symbol by time, reading only each file's first and
  /// last row. False with the reason in `error`, e.g. when two files of
  /// one symbol overlap.
  bool load(const std::vector<std::string>& specs, std::string& error);

  /// The symbols with data, ascending.
  std::vector<std::string> symbols() const;

  /// The first bar's open time and the last bar's close time over all
  /// symbols (both the epoch without data).
  timestamp first_open() const;
  timestamp last_close() const;

  /// What a history request gets when asked at `as_of`: the bars of `req`
  /// (1m from the files, longer intervals built from them when every minute
  /// is there) that the replay has passed and that closed at or before
  /// `as_of`, oldest first. The cursor walking the data must have passed
  /// `as_of`; it advances only between the pipeline's settles, when no
  /// actor asks.
  std::vector<candle> history(const bar_request& req, timestamp as_of) const;

  /// Bars the history holds now (bounded, see replay_history).
  size_t retained() const { return history_.retained(); }

private:
  friend class replay_cursor;

  struct file {
    std::string path;
    int64_t first_open = 0; // ms
    int64_t last_open = 0;
  };

  struct symbol_files {
    std::string symbol;
    std::vector<file> files; // in time order, not overlapping
  };

  std::vector<symbol_files> symbols_; // ascending
  replay_history history_;
};

/// Walks the replay one event at a time: each event is the minute whose 1m
/// bars closed at `time`, with the bars of every symbol that has one. The
/// files are read as the walk goes, one bar ahead per symbol; each passed
/// bar enters the data's history. One cursor walks a data at a time.
class replay_cursor {
public:
  /// Events whose bars open at or after `from` and close at or before
  /// `to`. The bars before `from` are read into the history (the warm-up);
  /// total() counts the range from the files' time column alone.
  replay_cursor(replay_data& data, timestamp from, timestamp to);

  /// The next event: false at the end or on an error (error() says). `time`
  /// is the minute's close (the event time of its bars), `closed` one bar
  /// per symbol, by symbol.
  bool next(timestamp& time, std::vector<candle>& closed);

  /// Bars replayed so far, and all bars in the range.
  uint64_t done() const { return done_; }
  uint64_t total() const { return total_; }

  /// Why the walk stopped early (a bad row, an unreadable file, naming the
  /// file and line); empty if it did not.
  const std::string& error() const { return error_; }

private:
  struct lane {
    const replay_data::symbol_files* files = nullptr;
    size_t index = 0; // of the symbol, and in the history
    size_t file = 0;  // the file being read
    sim::kline_reader reader;
    bool reading = false; // `reader` has a file open
    bool ahead = false;   // `head` holds the next bar in the range
    replay_bar head;
  };

  /// Reads `l`'s next bar into its head; false at the end of its files
  /// or on an error.
  bool read(lane& l);
  /// Moves past `l`'s head into the history and reads the next bar.
  void pass(lane& l);

  replay_data& data_;
  std::vector<lane> lanes_;
  int64_t last_open_ = 0; // ms, the newest open time in the range
  uint64_t done_ = 0;
  uint64_t total_ = 0;
  std::string error_;
};

/// The tick_batch the market listener would forward for `closed` bars at
/// their close: one closed candle and its last tick per symbol.
tick_batch closed_batch(const std::vector<candle>& closed, timestamp time);

} // namespace tn
