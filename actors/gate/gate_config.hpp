#pragma once

// The gate's settings. The defaults are tuned on the real Binance 1m data
// in ../shared/data and asserted there by test/unit/gate/real_data_test.cpp:
// over February 2024 for four USD-M futures symbols (668,160 ticks, four per
// bar) the gate alone passes on 0.06 % of ticks, at most 19 times a day
// (mean 14.6); answered by a model that always asks again in an hour, at
// most 35 a day. The daily cap never has to cut on that data.

#include "messages/market.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace tn {

/// How the model trades, which sets the bar whose close is worth a decision.
enum class trading_style : uint8_t { swing = 0, daily };

inline const char* to_string(trading_style x) {
  switch (x) {
    case trading_style::swing: return "swing";
    case trading_style::daily: return "daily";
  }
  return "?";
}

/// Parses "swing" or "daily"; false otherwise.
inline bool parse_trading_style(std::string_view text, trading_style& out) {
  for (auto x : {trading_style::swing, trading_style::daily})
    if (text == to_string(x)) {
      out = x;
      return true;
    }
  return false;
}

struct gate_config {
  trading_style style = trading_style::swing;

  /// Candle-close layer: the interval per style (SWING 4h, DAILY 1d) ...
  std::map<trading_style, interval> style_intervals{{trading_style::swing, interval::h4},
                                                    {trading_style::daily, interval::d1}};
  /// ... and per-symbol overrides, which win over the style's interval.
  std::map<std::string, interval> symbol_intervals;
  /// A close passes once every symbol of the group sent it, or this long
  /// (event time) after the first did: the snapshot then holds every
  /// symbol's closed bar, and a symbol gone quiet cannot hold the rest up.
  timespan close_grace = std::chrono::seconds{10};

  /// Timer layer: the model's next_check_seconds is clamped to
  /// [min_check, max_check], and every check lies on the 1m candle grid
  /// (gate::set_next_check). The first check is start + max_check, and after
  /// every pass the timer restarts at max_check until the decision sets it,
  /// so the gate never stays silent longer than max_check. At min_check
  /// (30 min) the timer alone reaches the daily cap (48), never more.
  timespan min_check = std::chrono::minutes{30};
  timespan max_check = std::chrono::hours{4};

  /// Z-score layer, per symbol, on closed 1m bars: the log return between
  /// consecutive closes and the bar volume, over the last `zscore_window`
  /// bars (240: the last four hours, one SWING bar). Bars, not ticks, because
  /// a bar's return does not depend on how often the exchange reports it. A
  /// forming bar is scored on every tick (its return so far against the last
  /// close, its volume so far), so a spike passes while it happens. Nothing
  /// is scored before `zscore_min_samples` bars are in the window.
  ///
  /// 1m returns and volumes are fat-tailed. On the futures month, with the
  /// cooldown and spacing below, a textbook 3-sigma rule passes 65 times a
  /// day (max 74) across the four symbols, beyond the cap on its own; 4-sigma
  /// price / 5-sigma volume still 37 a day (max 42), leaving no room for the
  /// model's own timer. At 6 / 10 sigma the z-score layer passes about nine
  /// times a day (255 in 29 days): the moves that stand out over four hours.
  /// Volume only passes upwards.
  std::size_t zscore_window = 240;
  std::size_t zscore_min_samples = 60;
  double zscore_price_threshold = 6.0;
  double zscore_volume_threshold = 10.0;

  /// After a z-score or wake pass for a symbol, further z-score and wake
  /// passes for it wait this long: one move, one decision.
  timespan cooldown = std::chrono::minutes{30};
  /// No two passes come closer than this: the decision just made saw every
  /// symbol. A candle close inside the spacing is covered by that decision
  /// and dropped; a timer, z-score or wake trigger waits and passes after
  /// the spacing if it still holds. This is what keeps a market-wide move,
  /// which lights up every symbol in the same minute, to one decision.
  timespan min_spacing = std::chrono::minutes{5};

  /// At most this many passes per UTC day; the rest are counted as
  /// suppressed. 48 is one decision per half hour on average.
  uint32_t max_decisions_per_day = 48;

  /// Funding layer (futures: the derivatives monitor feeds each symbol's
  /// funding rate and next funding time). A symbol passes, as a wake
  /// condition of the gate's own, when its funding rate crosses this
  /// absolute value (a fraction per funding period; 0.0005 is five times
  /// Binance's base rate): once per crossing, again after it fell back
  /// below. 0: off.
  double funding_threshold = 0.0005;
  /// ... and this long before each of its funding times (0: off).
  timespan funding_lead = timespan::zero();

  /// The candle-close interval for `symbol`.
  [[nodiscard]] interval close_interval(const std::string& symbol) const;

  /// "" if the settings are usable, otherwise the first problem, naming the key.
  [[nodiscard]] std::string validate() const;
};

} // namespace tn
