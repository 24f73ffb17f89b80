#pragma once

// Market data as it flows between services.

#include "messages/fwd.hpp"

#include <caf/meta/type_name.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tn {

/// Candle intervals the node aggregates. Values are stable: they cross the
/// network and are stored.
enum class interval : uint8_t { m1 = 0, m5, m15, h1, h4, d1 };

/// Every interval, shortest first.
inline constexpr interval all_intervals[] = {interval::m1, interval::m5, interval::m15,
                                             interval::h1, interval::h4, interval::d1};

/// The interval's name on the wire ("1m", "5m", "15m", "1h", "4h", "1d").
inline const char* to_string(interval x) {
  switch (x) {
    case interval::m1: return "1m";
    case interval::m5: return "5m";
    case interval::m15: return "15m";
    case interval::h1: return "1h";
    case interval::h4: return "4h";
    case interval::d1: return "1d";
  }
  return "?";
}

/// Parses a wire name; false if it is not one of ours.
inline bool parse_interval(std::string_view text, interval& out) {
  for (auto x : all_intervals)
    if (text == to_string(x)) {
      out = x;
      return true;
    }
  return false;
}

/// The length of one bar.
inline timespan length_of(interval x) {
  using namespace std::chrono;
  switch (x) {
    case interval::m1: return minutes{1};
    case interval::m5: return minutes{5};
    case interval::m15: return minutes{15};
    case interval::h1: return hours{1};
    case interval::h4: return hours{4};
    case interval::d1: return hours{24};
  }
  return minutes{1};
}

/// One OHLCV bar. `open_time` is the start of the bar in event time.
struct candle {
  std::string symbol; // exchange form, e.g. "BTCUSDT"
  interval span = interval::m1;
  timestamp open_time;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;       // base asset
  double quote_volume = 0; // quote asset
  uint64_t trades = 0;
  double taker_buy_volume = 0;
  bool closed = false; // false while the bar is still forming
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, candle& x) {
  return f(caf::meta::type_name("candle"), x.symbol, x.span, x.open_time, x.open, x.high, x.low,
           x.close, x.volume, x.quote_volume, x.trades, x.taker_buy_volume, x.closed);
}

/// A price observation: the last trade price of a forming bar.
struct tick {
  std::string symbol;
  timestamp ts_event; // exchange event time
  timestamp bar_open; // open time of the 1m bar this price belongs to
  double price = 0;
  double bar_volume = 0; // volume of that bar so far
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tick& x) {
  return f(caf::meta::type_name("tick"), x.symbol, x.ts_event, x.bar_open, x.price, x.bar_volume);
}

/// What the market listener forwards per frame or per batch of frames:
/// ticks of forming bars and bars that closed. Batching keeps the hot path
/// at one message per burst.
struct tick_batch {
  std::vector<tick> ticks;
  std::vector<candle> closed;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tick_batch& x) {
  return f(caf::meta::type_name("tick_batch"), x.ticks, x.closed);
}

/// Counters of a market data feed.
struct feed_stats {
  uint64_t frames = 0;     // frames received
  uint64_t malformed = 0;  // frames that failed to parse (skipped)
  uint64_t reconnects = 0; // connections re-established
  uint64_t gap_filled = 0; // closed candles recovered over REST
  uint64_t duplicates = 0; // closed candles dropped as already seen
  uint64_t gaps_unfilled = 0; // gaps the exchange could not fill
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, feed_stats& x) {
  return f(caf::meta::type_name("feed_stats"), x.frames, x.malformed, x.reconnects, x.gap_filled,
           x.duplicates, x.gaps_unfilled);
}

} // namespace tn
