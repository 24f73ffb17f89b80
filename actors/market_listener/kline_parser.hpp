#pragma once

// Parses Binance kline stream frames (combined `{"stream":..,"data":{..}}`
// or bare events) into ticks and closed candles. One parser per connection:
// it owns simdjson's parser and a padded buffer, so parsing a frame
// allocates nothing once warmed up.

#include "messages/market.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace tn {

/// What a frame turned out to be.
enum class frame_kind : uint8_t {
  kline,    // a kline event: `tick` is set, `closed` too when the bar closed
  control,  // a reply to SUBSCRIBE & co: {"result":..,"id":..}
  shutdown, // {"e":"serverShutdown"}: the server asks us to reconnect
  other,    // a well-formed event of another type (ignored)
  error,    // malformed: `error` says why
};

struct parsed_frame {
  frame_kind kind = frame_kind::error;
  tick last;         // kline: the forming bar's last price
  candle bar;        // kline: the bar as of this event
  std::string error; // error: the reason
};

class kline_parser {
public:
  kline_parser();
  ~kline_parser();
  kline_parser(kline_parser&&) noexcept;
  kline_parser& operator=(kline_parser&&) noexcept;

  /// Parses one frame. `out` is reused between calls to avoid allocations.
  void parse(std::string_view frame, parsed_frame& out);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Converts a parsed 1m kline to what the listener forwards: the tick and,
/// when the bar closed, the candle. Appends to `batch`; other frames and
/// intervals append nothing.
void append_to_batch(const parsed_frame& frame, tick_batch& batch);

} // namespace tn
