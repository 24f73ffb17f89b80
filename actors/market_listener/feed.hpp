#pragma once

// The market listener's bookkeeping, free of I/O: which closed 1m bars were
// forwarded per symbol, where the stream skipped bars (after a reconnect or
// a lost frame), and how a REST gap fill is merged back in order.
//
// The stream pushes the forming bar every few seconds, so seeing a bar that
// opens later than one minute after the last closed bar proves the bars in
// between closed unseen. Closed bars arriving while a fill is pending are
// held and released after the fill, so consumers see each bar exactly once
// and in order.

#include "actors/market_listener/rest_klines.hpp"
#include "messages/market.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tn {

class feed {
public:
  explicit feed(const std::vector<std::string>& symbols);

  /// One frame from the stream: a tick of a 1m bar and, when that bar
  /// closed, the bar itself (else null). Appends what to forward to `out`;
  /// a detected gap appends a request to `fills`.
  void on_kline(const tick& last, const candle* closed, tick_batch& out,
                std::vector<bar_request>& fills);

  /// Every frame of a batch from the stream, in order.
  void on_batch(const tick_batch& in, tick_batch& out, std::vector<bar_request>& fills);

  /// The REST answer to a fill request: forwards the missing bars, then the
  /// bars held meanwhile, each once and in order. A partial answer, or held
  /// bars that skip bars again, append a follow-up request to `fills`.
  void on_fill(const std::string& symbol, const std::vector<candle>& bars, tick_batch& out,
               std::vector<bar_request>& fills);

  /// The pending fill of `symbol`, to retry after a failure.
  std::optional<bar_request> pending(const std::string& symbol) const;

  /// Symbols this feed follows.
  std::vector<std::string> symbols() const;

  const feed_stats& stats() const {
    return stats_;
  }
  feed_stats& stats() {
    return stats_;
  }

private:
  struct symbol_state {
    // Open time of the newest forwarded closed bar; before the first one,
    // of the bar before the first bar seen (the store's warm-up ends there).
    std::optional<timestamp> last_closed;
    std::optional<bar_request> pending;
    std::vector<candle> held; // closed bars that arrived during a pending fill
  };

  void forward_closed(symbol_state& st, const candle& bar, tick_batch& out);
  void request_fill(const std::string& symbol, symbol_state& st, timestamp first, timestamp last,
                    std::vector<bar_request>& fills);

  std::map<std::string, symbol_state> states_;
  feed_stats stats_;
};

} // namespace tn
