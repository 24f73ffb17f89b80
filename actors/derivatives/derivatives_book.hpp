#pragma once

// The derivatives monitor's per-symbol state: every value lives under the
// symbol it was asked for, and an answer naming another symbol is refused,
// so one symbol's funding can never stand for another's. Open interest
// change and CVD are computed here. Pure: time is a parameter.
//
// Open interest change: the newest sample against the newest sample at
// least `window` older (the history endpoint seeds it at start, the
// openInterest answers carry it on); unknown until such a sample exists.
// CVD (cumulative volume delta): from the closed 1m klines the market
// listener already receives, each bar adding taker buy volume minus taker
// sell volume (2 * takerBuy - volume). The kline frames carry the taker buy
// volume, so no aggTrade stream is needed; a bar counts once, in order.

#include "actors/derivatives/derivatives_wire.hpp"
#include "messages/derivatives.hpp"
#include "messages/market.hpp"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tn {

class derivatives_book {
public:
  /// `symbols` are the keys; answers and bars of other symbols are refused.
  /// `oi_window` and `cvd_window` are the spans of the changes reported.
  derivatives_book(const std::vector<std::string>& symbols, timespan oi_window,
                   timespan cvd_window);

  /// Whether `symbol` is watched.
  bool watches(const std::string& symbol) const;

  /// An answer asked for `symbol`. Returns "" when kept, else why it was
  /// refused (another symbol, an unwatched symbol, an empty answer).
  std::string on_premium(const std::string& symbol, const std::vector<premium_index>& answer);
  std::string on_open_interest(const std::string& symbol, const open_interest_sample& answer);
  std::string on_open_interest_hist(const std::string& symbol,
                                    const std::vector<open_interest_sample>& answer);
  std::string on_long_short(const std::string& symbol, const std::vector<long_short_sample>& answer);

  /// The body of the answer to `what` about `symbol`, parsed and kept.
  /// Returns "" when kept, else why not (malformed, another symbol).
  std::string on_answer(const std::string& symbol, derivs_query what, std::string_view body);

  /// A bar from the market listener: a closed 1m bar of a watched symbol,
  /// newer than the last one counted, adds to that symbol's CVD. Returns
  /// whether it counted.
  bool on_bar(const candle& bar);

  /// Whether the symbol's open interest history was seeded.
  bool has_oi_history(const std::string& symbol) const;

  /// The symbol's data at event time `now`.
  derivatives_snapshot snapshot(const std::string& symbol, timestamp now, bool hot) const;

private:
  struct entry {
    std::optional<premium_index> premium;
    std::deque<std::pair<timestamp, double>> oi; // open interest samples, oldest first
    bool oi_seeded = false;
    std::optional<long_short_sample> ratio;
    double cvd = 0;
    uint64_t cvd_bars = 0;
    std::deque<std::pair<timestamp, double>> deltas; // per bar open time, within the window
    std::optional<timestamp> last_bar;
  };

  entry* find(const std::string& symbol);
  void add_oi(entry& e, timestamp t, double value);

  std::map<std::string, entry> symbols_;
  timespan oi_window_;
  timespan cvd_window_;
};

/// One line for the operator: "BTCUSDT funding 0.0100% (next
/// 2024-01-01T08:00:00Z), open interest 1234.5 (+1.23 % over the window),
/// long/short 1.05, CVD +12.3 (window -4.5)"; unknown values are left out.
std::string describe(const derivatives_snapshot& s);

} // namespace tn
