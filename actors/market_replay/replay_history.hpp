#pragma once

// The history a backtest answers from: per symbol and interval, a ring of
// the newest closed bars the replay has passed, the 1m bars as read and the
// longer ones built from them as their last minute passes (only when every
// minute is there, as the market store builds them). The rings hold at most
// `depth` bars each, so a year of minutes never sits in memory, and nothing
// enters them before the replay passes it, so no answer can look ahead.

#include "messages/market.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tn {

struct bar_request;

/// A closed 1m bar without its symbol: the values a candle carries.
struct replay_bar {
  int64_t open_ms = 0;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
  double quote_volume = 0;
  double taker_buy_volume = 0;
  uint64_t trades = 0;
};

/// `bar` as the candle of `symbol` for `span`, closed.
candle to_candle(const std::string& symbol, interval span, const replay_bar& bar);

class replay_history {
public:
  /// Rings of `depth` bars per symbol and interval.
  explicit replay_history(size_t depth);

  /// Starts afresh with `symbols` (a symbol's index is its place there).
  void reset(const std::vector<std::string>& symbols);

  /// The next closed minute of symbol `index` (after its earlier ones).
  void add(size_t index, const replay_bar& minute);

  /// The bars of `req` held that closed at or before `as_of`, oldest first:
  /// the bars of the interval's grid opening in [req.first, req.last].
  std::vector<candle> answer(const bar_request& req, timestamp as_of) const;

  /// Bars held, over all symbols and intervals: never more than the depth
  /// times the number of intervals per symbol.
  size_t retained() const;

private:
  class ring {
  public:
    void push(const replay_bar& bar, size_t depth);
    size_t size() const { return bars_.size(); }
    /// The i-th bar, oldest first.
    const replay_bar& operator[](size_t i) const { return bars_[(oldest_ + i) % bars_.size()]; }

  private:
    std::vector<replay_bar> bars_;
    size_t oldest_ = 0;
  };

  /// The longer bar forming from the minutes passed so far.
  struct forming {
    int64_t open_ms = 0;
    int64_t next_ms = 0; // the minute due next
    bool active = false;
    bool whole = false; // every minute so far is there
    replay_bar bar;
  };

  struct symbol_history {
    std::string symbol;
    ring rings[std::size(all_intervals)];
    forming longer[std::size(all_intervals)];
  };

  size_t depth_;
  std::vector<symbol_history> symbols_;
};

} // namespace tn
