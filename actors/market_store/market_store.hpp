#pragma once

// The market store's logic, free of I/O: rolling closed candles per symbol
// and interval, 1m bars aggregated to every longer interval, warm-up from
// REST history, and the last price per symbol.

#include "actors/market_listener/rest_klines.hpp"
#include "actors/market_store/candle_series.hpp"
#include "messages/market.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tn {

class market_store {
public:
  /// `history` closed bars are kept per symbol and interval; the 1m series
  /// keeps at least a day so that daily bars aggregate from it.
  market_store(const std::vector<std::string>& symbols, uint32_t history, uint32_t warmup_bars);

  /// Live data. The first tick of a symbol asks for its warm-up history; a
  /// longer bar whose 1m bars are not all here asks for a refill.
  void on_batch(const tick_batch& batch, std::vector<bar_request>& requests);

  /// Closed bars from REST (warm-up or refill), any interval.
  void on_history(const std::vector<candle>& bars);

  /// The newest `n` closed bars, oldest first; empty for unknown symbols.
  std::vector<candle> last(const std::string& symbol, interval span, size_t n) const;

  /// The newest `n` bars closed by `as_of`, oldest first: a decision at
  /// `as_of` never sees a bar that closed after it.
  std::vector<candle> last(const std::string& symbol, interval span, size_t n,
                           timestamp as_of) const;

  /// The last traded price, if a tick was seen.
  std::optional<double> last_price(const std::string& symbol) const;

  std::vector<std::string> symbols() const;

  /// Closed bars stored per interval, over all symbols.
  std::map<interval, uint64_t> counts() const;

private:
  struct symbol_data {
    std::map<interval, candle_series> series;
    std::optional<double> price;
    bool warmup_requested = false;
    // Per longer interval, the open time of the newest bar built, asked
    // for over REST, or covered by warm-up.
    std::map<interval, timestamp> settled;
  };

  void add_closed_minute(const std::string& symbol, symbol_data& data, const candle& bar,
                         std::vector<bar_request>& requests);
  // Builds the `span` bar opening at `open` from its minutes, or asks REST.
  void settle(const std::string& symbol, symbol_data& data, interval span, timestamp open,
              std::vector<bar_request>& requests);

  std::map<std::string, symbol_data> symbols_;
  uint32_t history_;
  uint32_t warmup_bars_;
};

} // namespace tn
